//! Refusal texts for every [`Code`] in Russian, Kazakh and English.
//!
//! The texts follow the regulations' formulas (000 §6 processes 4 and 7; 002, Kazakh text,
//! ЦОН processes 9 and portal condition 2):
//!
//! * signature and certificate problems: "Отказ в связи с неподтверждением подлинности ЭЦП
//!   услугополучателя" / "Көрсетілетін қызметті алушының ЭЦҚ түпнұсқалығы расталмауына
//!   байланысты бас тарту", followed by the specific reason;
//! * document problems: "Отказ в связи с имеющимися нарушениями в документах услугополучателя"
//!   / "Көрсетілетін қызметті алушының құжаттарында бұзушылықтардың болуына байланысты бас
//!   тарту", followed by the specific reason.

use crate::report::{Code, Lang};

macro_rules! eds {
    ($ru:literal, $kk:literal, $en:literal) => {
        (
            concat!(
                "Отказ в связи с неподтверждением подлинности ЭЦП услугополучателя: ",
                $ru
            ),
            concat!(
                "Көрсетілетін қызметті алушының ЭЦҚ түпнұсқалығы расталмауына байланысты бас тарту: ",
                $kk
            ),
            concat!(
                "Refused: the authenticity of the applicant's electronic digital signature (EDS) \
                 is not confirmed: ",
                $en
            ),
        )
    };
}

macro_rules! docs {
    ($ru:literal, $kk:literal, $en:literal) => {
        (
            concat!(
                "Отказ в связи с имеющимися нарушениями в документах услугополучателя: ",
                $ru
            ),
            concat!(
                "Көрсетілетін қызметті алушының құжаттарында бұзушылықтардың болуына байланысты бас тарту: ",
                $kk
            ),
            concat!("Refused due to violations in the applicant's documents: ", $en),
        )
    };
}

/// The (Russian, Kazakh, English) texts of `code`.
fn texts(code: Code) -> (&'static str, &'static str, &'static str) {
    match code {
        Code::SignatureInvalid => eds!(
            "подпись не соответствует подписанному документу.",
            "қолтаңба қол қойылған құжатқа сәйкес келмейді.",
            "the signature does not match the signed document."
        ),
        Code::DigestMismatch => eds!(
            "содержимое документа изменено после подписания.",
            "құжаттың мазмұны қол қойылғаннан кейін өзгертілген.",
            "the document was changed after it was signed."
        ),
        Code::CertExpired => eds!(
            "истёк срок действия регистрационного свидетельства ЭЦП.",
            "ЭЦҚ тіркеу куәлігінің қолданылу мерзімі өтіп кеткен.",
            "the EDS registration certificate has expired."
        ),
        Code::CertNotYetValid => eds!(
            "срок действия регистрационного свидетельства ЭЦП ещё не наступил.",
            "ЭЦҚ тіркеу куәлігінің қолданылу мерзімі әлі басталмаған.",
            "the EDS registration certificate is not yet valid."
        ),
        Code::CertRevoked => eds!(
            "регистрационное свидетельство ЭЦП находится в списке отозванных (аннулированных) \
             регистрационных свидетельств.",
            "ЭЦҚ тіркеу куәлігі кері қайтарылған (күші жойылған) тіркеу куәліктерінің тізімінде тұр.",
            "the EDS registration certificate is on the list of revoked (cancelled) certificates."
        ),
        Code::CertOnHold => eds!(
            "действие регистрационного свидетельства ЭЦП приостановлено.",
            "ЭЦҚ тіркеу куәлігінің қолданылуы тоқтатыла тұрған.",
            "the EDS registration certificate is suspended."
        ),
        Code::RevocationUnknown => eds!(
            "невозможно проверить, не отозвано ли регистрационное свидетельство ЭЦП: нет \
             действующего списка отозванных регистрационных свидетельств.",
            "ЭЦҚ тіркеу куәлігінің кері қайтарылмағанын тексеру мүмкін емес: кері қайтарылған \
             тіркеу куәліктерінің қолданыстағы тізімі жоқ.",
            "it cannot be checked whether the EDS registration certificate is revoked: no current \
             list of revoked certificates is available."
        ),
        Code::CrlExpired => eds!(
            "список отозванных регистрационных свидетельств устарел, проверка отзыва невозможна.",
            "кері қайтарылған тіркеу куәліктерінің тізімі ескірген, кері қайтарылуын тексеру \
             мүмкін емес.",
            "the list of revoked certificates is out of date, so revocation cannot be checked."
        ),
        Code::CrlSignatureInvalid => eds!(
            "подпись списка отозванных регистрационных свидетельств недействительна.",
            "кері қайтарылған тіркеу куәліктері тізімінің қолтаңбасы жарамсыз.",
            "the signature of the list of revoked certificates is not valid."
        ),
        Code::CrlInvalid => eds!(
            "список отозванных регистрационных свидетельств не может быть использован.",
            "кері қайтарылған тіркеу куәліктерінің тізімін пайдалану мүмкін емес.",
            "the list of revoked certificates cannot be used."
        ),
        Code::ChainUntrusted => eds!(
            "регистрационное свидетельство ЭЦП выдано не доверенным удостоверяющим центром.",
            "ЭЦҚ тіркеу куәлігін сенім білдірілген куәландырушы орталық бермеген.",
            "the EDS registration certificate was not issued by a trusted certification authority."
        ),
        Code::ChainInvalid => eds!(
            "цепочка регистрационных свидетельств до удостоверяющего центра недействительна.",
            "куәландырушы орталыққа дейінгі тіркеу куәліктерінің тізбегі жарамсыз.",
            "the chain of certificates up to the certification authority is not valid."
        ),
        Code::KeyUsage => eds!(
            "ключ не предназначен для подписания документов (использован ключ аутентификации).",
            "кілт құжаттарға қол қоюға арналмаған (аутентификация кілті пайдаланылған).",
            "the key is not meant for signing documents (an authentication key was used)."
        ),
        Code::IinMismatch => eds!(
            "ИИН, указанный в запросе, не совпадает с ИИН, указанным в регистрационном \
             свидетельстве ЭЦП.",
            "сұрауда көрсетілген ЖСН ЭЦҚ тіркеу куәлігінде көрсетілген ЖСН-ге сәйкес келмейді.",
            "the IIN stated in the request differs from the IIN in the EDS registration \
             certificate."
        ),
        Code::IinInvalid => eds!(
            "ИИН указан неверно.",
            "ЖСН қате көрсетілген.",
            "the IIN is not valid."
        ),
        Code::BinMismatch => eds!(
            "БИН организации в регистрационном свидетельстве ЭЦП не соответствует уполномоченной \
             организации.",
            "ЭЦҚ тіркеу куәлігіндегі ұйымның БСН-і уәкілетті ұйымға сәйкес келмейді.",
            "the organisation's BIN in the EDS registration certificate is not that of the \
             authorized organisation."
        ),
        Code::RoleNotAllowed => eds!(
            "владелец регистрационного свидетельства ЭЦП не уполномочен подписывать этот документ.",
            "ЭЦҚ тіркеу куәлігінің иесі бұл құжатқа қол қоюға уәкілетті емес.",
            "the holder of the EDS registration certificate is not authorized to sign this \
             document."
        ),
        Code::UnsupportedAlgorithm => eds!(
            "алгоритм подписи не поддерживается.",
            "қолтаңба алгоритміне қолдау көрсетілмейді.",
            "the signature algorithm is not supported."
        ),
        Code::SignerCertMissing => eds!(
            "регистрационное свидетельство ЭЦП подписавшего лица не приложено к подписи.",
            "қол қойған адамның ЭЦҚ тіркеу куәлігі қолтаңбаға қоса берілмеген.",
            "the signer's EDS registration certificate is not included with the signature."
        ),
        Code::SigningTimeMissing => eds!(
            "в подписи не указано время подписания.",
            "қолтаңбада қол қойылған уақыт көрсетілмеген.",
            "the signature does not state the time of signing."
        ),
        Code::RequestHashMismatch => docs!(
            "результат не относится к поданному запросу.",
            "нәтиже берілген сұрауға қатысты емес.",
            "the result does not belong to the submitted request."
        ),
        Code::Malformed => docs!(
            "электронный документ повреждён или имеет неверный формат.",
            "электрондық құжат бүлінген немесе оның форматы қате.",
            "the electronic document is damaged or has a wrong format."
        ),
        Code::DocumentInvalid => docs!(
            "форма запроса заполнена с нарушением её структуры и форматных требований.",
            "сұрау нысаны оның құрылымы мен форматтық талаптары бұзыла отырып толтырылған.",
            "the request form breaks its structure and format requirements."
        ),
        Code::ContentMissing => docs!(
            "подписанный документ не приложен к подписи.",
            "қол қойылған құжат қолтаңбаға қоса берілмеген.",
            "the signed document is not attached to the signature."
        ),
        Code::ChannelNotAllowed => docs!(
            "этот способ подачи запроса не допускается для данного документа или подписавшего \
             лица.",
            "сұрауды берудің бұл тәсіліне осы құжат немесе қол қойған адам үшін жол берілмейді.",
            "this way of submitting the request is not allowed for this document or signer."
        ),
        Code::ContentTypeMismatch => docs!(
            "тип подписанного содержимого не соответствует документу.",
            "қол қойылған мазмұнның түрі құжатқа сәйкес келмейді.",
            "the type of the signed content does not match the document."
        ),
        Code::CertNonconforming => eds!(
            "сертификат в цепочке не соответствует обязательным требованиям профиля сертификатов.",
            "тізбектегі сертификат сертификаттар бейінінің міндетті талаптарына сәйкес келмейді.",
            "a certificate in the chain does not conform to the RFC 5280 certificate profile."
        ),
        Code::SigningCertificateMismatch => eds!(
            "подписанный атрибут сертификата подписавшего указывает на другой сертификат.",
            "қол қойылған қол қоюшы сертификаты төлсипаты басқа сертификатты көрсетеді.",
            "the signed signingCertificate attribute does not name the signer's certificate."
        ),
    }
}

/// The refusal text of `code` in `lang`: the regulation's refusal formula followed by the
/// specific reason.
pub fn message(code: Code, lang: Lang) -> &'static str {
    let (ru, kk, en) = texts(code);
    match lang {
        Lang::Ru => ru,
        Lang::Kk => kk,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const KAZAKH_ONLY: &[char] = &['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];

    fn is_cyrillic(c: char) -> bool {
        ('\u{0400}'..='\u{04FF}').contains(&c)
    }

    #[test]
    fn every_code_has_three_distinct_texts_in_the_right_script() {
        assert!(Code::ALL.len() >= 26);
        for &code in Code::ALL {
            let ru = message(code, Lang::Ru);
            let kk = message(code, Lang::Kk);
            let en = message(code, Lang::En);
            for t in [ru, kk, en] {
                assert!(!t.trim().is_empty(), "{code}: empty text");
                assert!(t.ends_with('.'), "{code}: {t}");
            }
            assert!(
                ru != kk && kk != en && ru != en,
                "{code}: texts not distinct"
            );
            for (lang, t) in [("ru", ru), ("kk", kk)] {
                assert!(
                    !t.chars().any(|c| c.is_ascii_alphabetic()),
                    "{code} {lang}: Latin letters in {t}"
                );
                assert!(
                    t.chars().filter(|&c| is_cyrillic(c)).count() > 20,
                    "{code} {lang}"
                );
            }
            assert!(
                kk.chars()
                    .any(|c| KAZAKH_ONLY.contains(&c.to_lowercase().next().unwrap_or(c))),
                "{code}: Kazakh text without Kazakh letters"
            );
            assert!(
                !ru.chars().any(|c| KAZAKH_ONLY.contains(&c)),
                "{code}: Kazakh letters in the Russian text"
            );
            assert!(en.is_ascii(), "{code}: non-ASCII English text");
        }
    }

    #[test]
    fn specific_reasons_differ_between_codes() {
        for lang in Lang::ALL {
            let all: HashSet<&str> = Code::ALL.iter().map(|&c| message(c, lang)).collect();
            assert_eq!(
                all.len(),
                Code::ALL.len(),
                "{lang:?}: two codes share a text"
            );
        }
    }

    #[test]
    fn signature_problems_use_the_regulation_formula() {
        let ru = message(Code::CertRevoked, Lang::Ru);
        assert!(ru.starts_with("Отказ в связи с неподтверждением подлинности ЭЦП"));
        let kk = message(Code::IinMismatch, Lang::Kk);
        assert!(kk.starts_with("Көрсетілетін қызметті алушының ЭЦҚ түпнұсқалығы расталмауына"));
        assert!(kk.contains("ЖСН"));
        let doc = message(Code::DocumentInvalid, Lang::Ru);
        assert!(doc.starts_with("Отказ в связи с имеющимися нарушениями в документах"));
    }
}
