//! Refusal texts for every [`Code`] in Russian, Kazakh and English.
//!
//! The texts follow the regulations' formulas (000 §6 processes 4 and 7; 002, Kazakh text,
//! ЦОН processes 9 and portal condition 2):
//!
//! * signature and certificate problems: "Отказ в связи с неподтверждением подлинности ЭЦП
//!   услугополучателя" (002:156) / "Көрсетілетін қызметті алушының ЭЦҚ түпнұсқалығының
//!   расталмауына байланысты бас тарту" (002:584), followed by the specific reason. That is the
//!   portal's formula; for a ЦОН operator's, a provider employee's or an authorized person's
//!   signature the formula names that signer ([`Signer`], [`message_for`]);
//! * document problems: "Отказ в связи с имеющимися нарушениями в документах услугополучателя"
//!   / "Көрсетілетін қызметті алушының құжаттарында бұзушылықтардың болуына байланысты бас
//!   тарту", followed by the specific reason.

use core::fmt;
use core::str::FromStr;

use serde::Serialize;

use super::codes::Code;
use crate::policy::UnknownName;

/// Languages of the refusal texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Russian.
    Ru,
    /// Kazakh.
    Kk,
    /// English.
    En,
}

impl Lang {
    /// All languages, in the order texts are reported.
    pub const ALL: [Lang; 3] = [Lang::Ru, Lang::Kk, Lang::En];

    /// The names, in the order of [`Lang::ALL`] ([`FromStr`], [`fmt::Display`]).
    pub const NAMES: &'static [&'static str] = &["ru", "kk", "en"];

    /// The ISO 639-1 code: `"ru"`, `"kk"` or `"en"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::Kk => "kk",
            Lang::En => "en",
        }
    }

    /// Parse `"ru"`, `"kk"` (or `"kz"`), `"en"`, in any case ([`FromStr`]).
    pub fn parse(s: &str) -> Option<Lang> {
        s.parse().ok()
    }
}

/// `"ru"`, `"kk"` (or the country code `"kz"`), `"en"`, in any case.
impl FromStr for Lang {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Lang, UnknownName> {
        match s.to_ascii_lowercase().as_str() {
            "ru" => Ok(Lang::Ru),
            "kk" | "kz" => Ok(Lang::Kk),
            "en" => Ok(Lang::En),
            _ => Err(UnknownName::new("language", s, Lang::NAMES)),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The refusal text of a code in each language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Messages {
    /// Russian.
    pub ru: &'static str,
    /// Kazakh.
    pub kk: &'static str,
    /// English.
    pub en: &'static str,
}

impl Messages {
    /// The texts of `code` (for a portal request: the applicant's signature).
    pub fn of(code: Code) -> Messages {
        Self::for_signer(code, Signer::Applicant)
    }

    /// The texts of `code` naming `signer` in the refusal formula.
    pub fn for_signer(code: Code, signer: Signer) -> Messages {
        Messages {
            ru: message_for(code, Lang::Ru, signer),
            kk: message_for(code, Lang::Kk, signer),
            en: message_for(code, Lang::En, signer),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ru => self.ru,
            Lang::Kk => self.kk,
            Lang::En => self.en,
        }
    }
}

/// Whose signature a refusal speaks of. The portal formula names the applicant
/// ("ЭЦП услугополучателя", 002:156; "ИИН, указанный в запросе", 002:154); a request signed
/// at a ЦОН, at the provider's office, or a result names that signer instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Signer {
    /// The applicant (услугополучатель) on the portal (000:179, 002:156).
    #[default]
    Applicant,
    /// A State Corporation (ЦОН) employee: ЦОН requests and receipts (000:275, 002:132).
    ConOperator,
    /// The provider's employee at its office (000:227).
    ProviderEmployee,
    /// The provider's authorized person who signs results (000:199, 002:54).
    Official,
    /// Another signer of the same document than the one its rules name (a co-signer: a
    /// family member's consent on a portal request, a second signature by KalkanCrypt).
    CoSigner,
}

/// The EDS refusal formula for `$s`, then the specific reason. Kazakh after 002:584
/// «көрсетілетін қызметті алушының ЭЦҚ түпнұсқалығының расталмауына байланысты».
macro_rules! eds {
    ($s:expr, $ru:literal, $kk:literal, $en:literal) => {
        match $s {
            Signer::Applicant => (
                concat!("Отказ в связи с неподтверждением подлинности ЭЦП услугополучателя: ", $ru),
                concat!("Көрсетілетін қызметті алушының ЭЦҚ түпнұсқалығының расталмауына байланысты бас тарту: ", $kk),
                concat!("Refused: the authenticity of the applicant's electronic digital signature (EDS) is not confirmed: ", $en),
            ),
            Signer::ConOperator => (
                concat!("Отказ в связи с неподтверждением подлинности ЭЦП работника Государственной корпорации: ", $ru),
                concat!("Мемлекеттік корпорация қызметкерінің ЭЦҚ түпнұсқалығының расталмауына байланысты бас тарту: ", $kk),
                concat!("Refused: the authenticity of the State Corporation employee's electronic digital signature (EDS) is not confirmed: ", $en),
            ),
            Signer::ProviderEmployee => (
                concat!("Отказ в связи с неподтверждением подлинности ЭЦП сотрудника услугодателя: ", $ru),
                concat!("Көрсетілетін қызметті беруші қызметкерінің ЭЦҚ түпнұсқалығының расталмауына байланысты бас тарту: ", $kk),
                concat!("Refused: the authenticity of the provider employee's electronic digital signature (EDS) is not confirmed: ", $en),
            ),
            Signer::Official => (
                concat!("Отказ в связи с неподтверждением подлинности ЭЦП уполномоченного лица услугодателя: ", $ru),
                concat!("Көрсетілетін қызметті берушінің уәкілетті адамының ЭЦҚ түпнұсқалығының расталмауына байланысты бас тарту: ", $kk),
                concat!("Refused: the authenticity of the electronic digital signature (EDS) of the provider's authorized person is not confirmed: ", $en),
            ),
            Signer::CoSigner => (
                concat!("Отказ в связи с неподтверждением подлинности ЭЦП одного из подписантов документа: ", $ru),
                concat!("Құжатқа қол қоюшылардың бірінің ЭЦҚ түпнұсқалығының расталмауына байланысты бас тарту: ", $kk),
                concat!("Refused: the authenticity of the electronic digital signature (EDS) of a co-signer of the document is not confirmed: ", $en),
            ),
        }
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
fn texts(code: Code, signer: Signer) -> (&'static str, &'static str, &'static str) {
    match code {
        Code::SignatureInvalid => eds!(
            signer,
            "подпись не соответствует подписанному документу.",
            "қолтаңба қол қойылған құжатқа сәйкес келмейді.",
            "the signature does not match the signed document."
        ),
        Code::DigestMismatch => eds!(
            signer,
            "содержимое документа изменено после подписания.",
            "құжаттың мазмұны қол қойылғаннан кейін өзгертілген.",
            "the document was changed after it was signed."
        ),
        Code::CertExpired => eds!(
            signer,
            "истёк срок действия регистрационного свидетельства ЭЦП.",
            "ЭЦҚ тіркеу куәлігінің қолданылу мерзімі өтіп кеткен.",
            "the EDS registration certificate has expired."
        ),
        Code::CertNotYetValid => eds!(
            signer,
            "срок действия регистрационного свидетельства ЭЦП ещё не наступил.",
            "ЭЦҚ тіркеу куәлігінің қолданылу мерзімі әлі басталмаған.",
            "the EDS registration certificate is not yet valid."
        ),
        Code::CertRevoked => eds!(
            signer,
            "регистрационное свидетельство ЭЦП находится в списке отозванных (аннулированных) \
             регистрационных свидетельств.",
            "ЭЦҚ тіркеу куәлігі кері қайтарылған (күші жойылған) тіркеу куәліктерінің тізімінде тұр.",
            "the EDS registration certificate is on the list of revoked (cancelled) certificates."
        ),
        Code::CertOnHold => eds!(
            signer,
            "действие регистрационного свидетельства ЭЦП приостановлено.",
            "ЭЦҚ тіркеу куәлігінің қолданылуы тоқтатыла тұрған.",
            "the EDS registration certificate is suspended."
        ),
        Code::RevocationUnknown => eds!(
            signer,
            "невозможно проверить, не отозвано ли регистрационное свидетельство ЭЦП: нет \
             действующего списка отозванных регистрационных свидетельств.",
            "ЭЦҚ тіркеу куәлігінің кері қайтарылмағанын тексеру мүмкін емес: кері қайтарылған \
             тіркеу куәліктерінің қолданыстағы тізімі жоқ.",
            "it cannot be checked whether the EDS registration certificate is revoked: no current \
             list of revoked certificates is available."
        ),
        Code::CrlExpired => eds!(
            signer,
            "список отозванных регистрационных свидетельств устарел, проверка отзыва невозможна.",
            "кері қайтарылған тіркеу куәліктерінің тізімі ескірген, кері қайтарылуын тексеру \
             мүмкін емес.",
            "the list of revoked certificates is out of date, so revocation cannot be checked."
        ),
        Code::CrlSignatureInvalid => eds!(
            signer,
            "подпись списка отозванных регистрационных свидетельств недействительна.",
            "кері қайтарылған тіркеу куәліктері тізімінің қолтаңбасы жарамсыз.",
            "the signature of the list of revoked certificates is not valid."
        ),
        Code::CrlInvalid => eds!(
            signer,
            "список отозванных регистрационных свидетельств не может быть использован.",
            "кері қайтарылған тіркеу куәліктерінің тізімін пайдалану мүмкін емес.",
            "the list of revoked certificates cannot be used."
        ),
        Code::ChainUntrusted => eds!(
            signer,
            "регистрационное свидетельство ЭЦП выдано не доверенным удостоверяющим центром.",
            "ЭЦҚ тіркеу куәлігін сенім білдірілген куәландырушы орталық бермеген.",
            "the EDS registration certificate was not issued by a trusted certification authority."
        ),
        Code::ChainInvalid => eds!(
            signer,
            "цепочка регистрационных свидетельств до удостоверяющего центра недействительна.",
            "куәландырушы орталыққа дейінгі тіркеу куәліктерінің тізбегі жарамсыз.",
            "the chain of certificates up to the certification authority is not valid."
        ),
        Code::KeyUsage => eds!(
            signer,
            "ключ не предназначен для подписания документов (использован ключ аутентификации).",
            "кілт құжаттарға қол қоюға арналмаған (аутентификация кілті пайдаланылған).",
            "the key is not meant for signing documents (an authentication key was used)."
        ),
        // 002:154 «между ИИН, указанным в запросе и ИИН, указанным в регистрационном
        // свидетельстве ЭЦП» is the portal's condition; other signers are named.
        Code::IinMismatch => match signer {
            Signer::Applicant | Signer::CoSigner => eds!(
                signer,
                "ИИН, указанный в запросе, не совпадает с ИИН, указанным в регистрационном \
                 свидетельстве ЭЦП.",
                "сұрауда көрсетілген ЖСН ЭЦҚ тіркеу куәлігінде көрсетілген ЖСН-ге сәйкес келмейді.",
                "the IIN stated in the request differs from the IIN in the EDS registration \
                 certificate."
            ),
            Signer::ConOperator => eds!(
                signer,
                "ИИН работника Государственной корпорации, указанный в документе, не совпадает с \
                 ИИН, указанным в регистрационном свидетельстве ЭЦП.",
                "құжатта көрсетілген Мемлекеттік корпорация қызметкерінің ЖСН-і ЭЦҚ тіркеу \
                 куәлігінде көрсетілген ЖСН-ге сәйкес келмейді.",
                "the State Corporation employee's IIN stated in the document differs from the IIN \
                 in the EDS registration certificate."
            ),
            Signer::ProviderEmployee => eds!(
                signer,
                "ИИН сотрудника услугодателя, указанный в запросе, не совпадает с ИИН, указанным \
                 в регистрационном свидетельстве ЭЦП.",
                "сұрауда көрсетілген көрсетілетін қызметті беруші қызметкерінің ЖСН-і ЭЦҚ тіркеу \
                 куәлігінде көрсетілген ЖСН-ге сәйкес келмейді.",
                "the provider employee's IIN stated in the request differs from the IIN in the EDS \
                 registration certificate."
            ),
            Signer::Official => eds!(
                signer,
                "ИИН уполномоченного лица услугодателя, указанный в результате, не совпадает с \
                 ИИН, указанным в регистрационном свидетельстве ЭЦП.",
                "нәтижеде көрсетілген көрсетілетін қызметті берушінің уәкілетті адамының ЖСН-і ЭЦҚ \
                 тіркеу куәлігінде көрсетілген ЖСН-ге сәйкес келмейді.",
                "the IIN of the provider's authorized person stated in the result differs from the \
                 IIN in the EDS registration certificate."
            ),
        },
        Code::IinInvalid => eds!(
            signer,
            "ИИН указан неверно.",
            "ЖСН қате көрсетілген.",
            "the IIN is not valid."
        ),
        Code::BinMismatch => eds!(
            signer,
            "БИН организации в регистрационном свидетельстве ЭЦП не соответствует уполномоченной \
             организации.",
            "ЭЦҚ тіркеу куәлігіндегі ұйымның БСН-і уәкілетті ұйымға сәйкес келмейді.",
            "the organisation's BIN in the EDS registration certificate is not that of the \
             authorized organisation."
        ),
        Code::RoleNotAllowed => eds!(
            signer,
            "владелец регистрационного свидетельства ЭЦП не уполномочен подписывать этот документ.",
            "ЭЦҚ тіркеу куәлігінің иесі бұл құжатқа қол қоюға уәкілетті емес.",
            "the holder of the EDS registration certificate is not authorized to sign this \
             document."
        ),
        Code::UnsupportedAlgorithm => eds!(
            signer,
            "алгоритм подписи не поддерживается.",
            "қолтаңба алгоритміне қолдау көрсетілмейді.",
            "the signature algorithm is not supported."
        ),
        Code::SignerCertMissing => eds!(
            signer,
            "регистрационное свидетельство ЭЦП подписавшего лица не приложено к подписи.",
            "қол қойған адамның ЭЦҚ тіркеу куәлігі қолтаңбаға қоса берілмеген.",
            "the signer's EDS registration certificate is not included with the signature."
        ),
        Code::SigningTimeMissing => eds!(
            signer,
            "в подписи не указано время подписания.",
            "қолтаңбада қол қойылған уақыт көрсетілмеген.",
            "the signature does not state the time of signing."
        ),
        Code::TimestampMissing => eds!(
            signer,
            "подпись не содержит метки времени.",
            "қолтаңбада уақыт белгісі жоқ.",
            "the signature carries no timestamp."
        ),
        Code::TimestampInvalid => eds!(
            signer,
            "метка времени подписи не прошла проверку.",
            "қолтаңбаның уақыт белгісі тексеруден өтпеді.",
            "the timestamp of the signature did not pass verification."
        ),
        Code::SigningTimeUnproven => eds!(
            signer,
            "время подписания, указанное подписавшим лицом, не подтверждено меткой времени, а на текущий момент подпись недействительна.",
            "қол қойған адам көрсеткен қол қойылған уақыт уақыт белгісімен расталмаған, ал қазіргі сәтте қолтаңба жарамсыз.",
            "the time of signing stated by the signer is not confirmed by a timestamp, and the signature is not valid at present."
        ),
        Code::XmlReferenceRefused => docs!(
            "электронная подпись относится не ко всему документу или расположена не на своём месте.",
            "электрондық қолтаңба бүкіл құжатқа қатысты емес немесе өз орнында орналаспаған.",
            "the XML signature does not cover the whole document or is not in its place."
        ),
        Code::XmlWeakAlgorithm => docs!(
            "электронная подпись создана устаревшим алгоритмом хеширования.",
            "электрондық қолтаңба ескірген хэштеу алгоритмімен жасалған.",
            "the XML signature was made with the obsolete SHA-1 algorithm."
        ),
        Code::XmlUnsignedContent => docs!(
            "подписанный документ содержит неподписанные комментарии или инструкции.",
            "қол қойылған құжатта қол қойылмаған түсініктемелер немесе нұсқаулар бар.",
            "the signed XML document holds unsigned comments or instructions."
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
        Code::ProviderNotConfigured => eds!(
            signer,
            "не задан услугодатель, уполномоченное лицо которого подписывает результат; \
             результат не может быть признан.",
            "нәтижеге қол қоятын уәкілетті адамы бар көрсетілетін қызметті беруші көрсетілмеген; \
             нәтиже танылмайды.",
            "no service provider whose authorized person signs results is configured; the result \
             cannot be accepted."
        ),
        Code::ResultServiceMismatch => docs!(
            "результат выдан по другой государственной услуге, чем запрос.",
            "нәтиже сұраудан басқа мемлекеттік көрсетілетін қызмет бойынша берілген.",
            "the result is for another public service than the request."
        ),
        Code::ResultApplicantMismatch => docs!(
            "результат выдан не услугополучателю, подавшему запрос.",
            "нәтиже сұрау берген көрсетілетін қызметті алушыға берілмеген.",
            "the result names another applicant than the request."
        ),
        Code::RegisteredBeforeRequest => docs!(
            "дата регистрации запроса в результате раньше даты его подачи.",
            "нәтижедегі сұрауды тіркеу күні оны берген күннен ерте.",
            "the registration date in the result precedes the request's submission."
        ),
        Code::OutcomeNotForService => docs!(
            "вид результата не предусмотрен для данной государственной услуги.",
            "нәтиже түрі осы мемлекеттік көрсетілетін қызмет үшін көзделмеген.",
            "this kind of result does not exist for the service."
        ),
        Code::DueByAfterDeadline => docs!(
            "указанный срок оказания услуги позже срока, установленного регламентом.",
            "көрсетілген қызмет көрсету мерзімі регламентте белгіленген мерзімнен кеш.",
            "the stated due date is later than the deadline the regulation sets."
        ),
        Code::DeadlineMissed => (
            "Результат выдан после срока оказания государственной услуги.",
            "Нәтиже мемлекеттік қызмет көрсету мерзімі өткеннен кейін берілді.",
            "The result was issued after the service's due date.",
        ),
        Code::CalendarMissing => docs!(
            "производственный календарь не охватывает дату, нужную для расчёта срока.",
            "өндірістік күнтізбе мерзімді есептеуге қажетті күнді қамтымайды.",
            "the working-day calendar does not cover a date needed for the deadline."
        ),
        Code::TsaRevocationUnknown => (
            "Статус отзыва сертификата службы меток времени на момент метки времени не подтверждён.",
            "Уақыт белгілері қызметі сертификатының уақыт белгісі сәтіндегі кері қайтарылу мәртебесі расталмаған.",
            "The revocation status of the time-stamping authority's certificate at the time-stamp is not confirmed.",
        ),
        Code::CalendarProvisional => (
            "Срок в рабочих днях рассчитан по предварительному производственному календарю года.",
            "Жұмыс күндеріндегі мерзім жылдың алдын ала өндірістік күнтізбесі бойынша есептелді.",
            "The working-day deadline was counted with a provisional calendar year.",
        ),
        Code::RefusalGroundInvalid => docs!(
            "в отказе не указано предусмотренное основание отказа.",
            "бас тартуда көзделген бас тарту негізі көрсетілмеген.",
            "the refusal does not state a ground of refusal the regulations provide for."
        ),
        Code::ContentTypeMismatch => docs!(
            "тип подписанного содержимого не соответствует документу.",
            "қол қойылған мазмұнның түрі құжатқа сәйкес келмейді.",
            "the type of the signed content does not match the document."
        ),
        Code::CertNonconforming => eds!(
            signer,
            "сертификат в цепочке не соответствует обязательным требованиям профиля сертификатов.",
            "тізбектегі сертификат сертификаттар бейінінің міндетті талаптарына сәйкес келмейді.",
            "a certificate in the chain does not conform to the RFC 5280 certificate profile."
        ),
        Code::SigningCertificateMismatch => eds!(
            signer,
            "подписанный атрибут сертификата подписавшего указывает на другой сертификат.",
            "қол қойылған қол қоюшы сертификаты төлсипаты басқа сертификатты көрсетеді.",
            "the signed signingCertificate attribute does not name the signer's certificate."
        ),
    }
}

/// The refusal text of `code` in `lang`: the regulation's refusal formula followed by the
/// specific reason.
pub fn message(code: Code, lang: Lang) -> &'static str {
    message_for(code, lang, Signer::Applicant)
}

/// The refusal text of `code` in `lang` naming `signer` in the formula.
pub fn message_for(code: Code, lang: Lang, signer: Signer) -> &'static str {
    let (ru, kk, en) = texts(code, signer);
    match lang {
        Lang::Ru => ru,
        Lang::Kk => kk,
        Lang::En => en,
    }
}

/// The text of a ground of refusal in `lang` (the grounds of the seeds, see
/// [`crate::document::RefusalGround`]).
pub fn ground_text(ground: crate::document::RefusalGround, lang: Lang) -> &'static str {
    use crate::document::RefusalGround as G;
    let (ru, kk, en) = match ground {
        // 000:179, 002:156, 002:584.
        G::EdsNotConfirmed => (
            "Отказ в связи с неподтверждением подлинности ЭЦП.",
            "ЭЦҚ түпнұсқалығының расталмауына байланысты бас тарту.",
            "Refused: the authenticity of the electronic digital signature is not confirmed.",
        ),
        // 000:195, 002:164, 002:592.
        G::DocumentViolations => (
            "Отказ в связи с имеющимися нарушениями в документах услугополучателя.",
            "Көрсетілетін қызметті алушының құжаттарында бұзушылықтардың болуына байланысты бас тарту.",
            "Refused due to violations in the applicant's documents.",
        ),
        // 000:223, 002:128.
        G::ApplicantNotInGbdFl => (
            "Невозможно получить данные: данные услугополучателя отсутствуют в ГБД ФЛ.",
            "Деректерді алу мүмкін емес: көрсетілетін қызметті алушының деректері ЖТ МДҚ-да жоқ.",
            "The data cannot be obtained: the applicant is not in the state database of individuals (GBD FL).",
        ),
        // 000:267, 002:128, 002:556.
        G::PowerOfAttorneyNotInEnis => (
            "Невозможно получить данные: данные доверенности отсутствуют в ЕНИС.",
            "Деректерді алу мүмкін емес: сенімхат деректері БНАЖ-да жоқ.",
            "The data cannot be obtained: the power of attorney is not in the unified notary system (ENIS).",
        ),
        // 002:120, 002:548.
        G::IncompletePackage => (
            "Отказ в приеме документов в связи с предоставлением неполного пакета документов.",
            "Құжаттардың толық емес топтамасын ұсынуына байланысты құжаттарды қабылдаудан бас тарту.",
            "Documents refused: the package of documents is incomplete.",
        ),
        // 002:291, 002:419 (kk 002:733).
        G::UnreliableDocuments => (
            "Отказ на основании установления недостоверности документов, представленных \
             услугополучателем, и (или) данных (сведений), содержащихся в них.",
            "Көрсетілетін қызметті алушының мемлекеттік қызметті алу үшін ұсынған құжаттардың \
             және (немесе) олардағы деректердің (мәліметтердің) дәйексіздігін анықтау негізінде \
             бас тарту.",
            "Refused: the documents submitted, or the data in them, were found to be unreliable.",
        ),
    };
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
    fn every_code_has_a_text_for_every_signer_in_every_language() {
        const SIGNERS: [Signer; 5] = [
            Signer::Applicant,
            Signer::ConOperator,
            Signer::ProviderEmployee,
            Signer::Official,
            Signer::CoSigner,
        ];
        for &code in Code::ALL {
            for lang in Lang::ALL {
                let texts: HashSet<&str> = SIGNERS
                    .into_iter()
                    .map(|s| message_for(code, lang, s))
                    .collect();
                for t in &texts {
                    assert!(t.ends_with('.') && t.len() > 20, "{code} {lang}: {t}");
                }
                // The EDS formula names each signer differently; the documents formula
                // (the applicant's documents whoever signed) and the warnings do not.
                let eds = message(code, Lang::Ru)
                    .starts_with("Отказ в связи с неподтверждением подлинности ЭЦП");
                let want = if eds { SIGNERS.len() } else { 1 };
                assert_eq!(texts.len(), want, "{code} {lang}");
                // The Messages of a finding agree.
                for s in SIGNERS {
                    assert_eq!(
                        Messages::for_signer(code, s).get(lang),
                        message_for(code, lang, s)
                    );
                }
            }
        }
    }

    #[test]
    fn lang_names_round_trip() {
        for (lang, name) in Lang::ALL.into_iter().zip(Lang::NAMES) {
            assert_eq!(lang.as_str(), *name);
            assert_eq!(lang.to_string(), *name);
            assert_eq!(name.parse::<Lang>().unwrap(), lang);
            assert_eq!(name.to_uppercase().parse::<Lang>().unwrap(), lang);
        }
        // The country code is taken for Kazakh.
        assert_eq!("kz".parse::<Lang>().unwrap(), Lang::Kk);
        assert_eq!(Lang::parse("KZ"), Some(Lang::Kk));
        for bad in ["", "rus", "kaz", "fr", "r u"] {
            let e = bad.parse::<Lang>().unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("unknown language {bad:?}: expected 'ru', 'kk' or 'en'")
            );
            assert_eq!(Lang::parse(bad), None);
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
    fn the_formula_names_the_signer() {
        for lang in Lang::ALL {
            let texts: HashSet<&str> = [
                Signer::Applicant,
                Signer::ConOperator,
                Signer::ProviderEmployee,
                Signer::Official,
            ]
            .into_iter()
            .map(|s| message_for(Code::CertRevoked, lang, s))
            .collect();
            assert_eq!(texts.len(), 4);
        }
        let op = message_for(Code::IinMismatch, Lang::Ru, Signer::ConOperator);
        assert!(op.contains("работника Государственной корпорации"), "{op}");
        assert!(!op.contains("услугополучателя"), "{op}");
        let off = message_for(Code::CertExpired, Lang::Kk, Signer::Official);
        assert!(off.starts_with(
            "Көрсетілетін қызметті берушінің уәкілетті адамының ЭЦҚ түпнұсқалығының расталмауына"
        ));
        for g in crate::document::RefusalGround::ALL {
            for lang in Lang::ALL {
                assert!(!ground_text(*g, lang).is_empty());
            }
        }
    }

    #[test]
    fn signature_problems_use_the_regulation_formula() {
        let ru = message(Code::CertRevoked, Lang::Ru);
        assert!(ru.starts_with("Отказ в связи с неподтверждением подлинности ЭЦП"));
        let kk = message(Code::IinMismatch, Lang::Kk);
        // 002:584 «көрсетілетін қызметті алушының ЭЦҚ түпнұсқалығының расталмауына».
        assert!(kk.starts_with("Көрсетілетін қызметті алушының ЭЦҚ түпнұсқалығының расталмауына"));
        assert!(kk.contains("ЖСН"));
        let doc = message(Code::DocumentInvalid, Lang::Ru);
        assert!(doc.starts_with("Отказ в связи с имеющимися нарушениями в документах"));
    }
}
