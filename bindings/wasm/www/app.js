// The demo page: everything is verified by the egov-sign WebAssembly module, in the page.
import init, { KeyStore, Verifier, buildRequest, version } from './pkg/egov_sign_wasm.js';

const T = {
  ru: {
    signTitle: 'Подписать своим ключом (.p12)',
    signLead: 'Ключ НУЦ (файл .p12 из KalkanCrypt / NCALayer) открывается и подписывает в браузере: ни ключ, ни пароль, ни документ никуда не передаются.',
    p12File: 'Хранилище ключей (.p12, .pfx)', p12Password: 'Пароль хранилища', p12Alias: 'Ключ', docFile: 'Заявление (JSON)',
    signLenient: 'Тестовые сертификаты НУЦ (без проверки контрольной цифры ИИН)', signButton: 'Подписать',
    signedDownload: 'Скачать подписанное заявление (.p7s)', signNeed: 'Выберите хранилище ключей и заявление, введите пароль.',
    signing: 'Подписание…', signed: (alg) => `Подписано (${alg}). Проверка — в «Результате проверки».`,
    signWrongPassword: 'Неверный пароль хранилища ключей.', signError: 'Не удалось подписать',
    skip: 'К содержимому', brand: 'Жилищные услуги', brandSub: 'Проверка ЭЦП заявления',
    title: 'Проверка подписанного заявления',
    lead: 'Проверьте подпись заявления до отправки: целостность документа, сертификат подписанта (ИИН, срок действия, отзыв) и правила услуги. Проверка выполняется в браузере, файлы никуда не передаются.',
    inputTitle: 'Данные для проверки', envelope: 'Подписанное заявление (CMS)',
    dropMain: 'Перетащите файл сюда или выберите', dropHint: 'DER, PEM или base64 (.p7s, .cms, .pem, .txt) или подписанный XML (.xml)',
    samples: 'Примеры (тестовый УЦ)',
    sample_valid: 'Действительное', sample_tampered: 'Изменённое', sample_revoked: 'Отозванный сертификат', sample_otherSigner: 'Чужая подпись', sample_kalkanTwo: 'KalkanCrypt: ГОСТ + RSA (НУЦ)', sample_xmlTwo: 'XML: две подписи',
    intermediate: 'Промежуточные сертификаты (УЦ)', timeDate: 'На дату', whatLabel: 'Что проверять',
    whatRequest: 'Заявление (подписи и правила услуги)', whatEnvelope: 'Любой документ (только подписи)',
    ncaHint: 'Подписи НУЦ РК: доверенный — корневой сертификат НУЦ, промежуточные — сертификаты УЦ (ГОСТ и RSA), списки отзыва — текущие CRL этих УЦ (pki.gov.kz). Кнопка загружает тестовые сертификаты и CRL НУЦ (отзыв проверяется для сертификатов подписантов: CRL корневого УЦ в тестовых файлах нет).',
    trustNca: 'Настройки тестового НУЦ РК', trustNcaState: 'тестовый НУЦ РК', signersTitle: 'Все подписи',
    signerNo: (i) => `Подпись №${i}`, documentSigner: 'подпись заявителя',
    trustTitle: 'Доверенные сертификаты и списки отзыва', anchor: 'Корневой сертификат (доверенный)',
    anchorDefault: 'По умолчанию — корневой сертификат тестового УЦ.', crl: 'Списки отзыва (CRL)',
    crlDefault: 'По умолчанию — полные и дельта-CRL тестового УЦ.', timeLabel: 'Время проверки',
    timeNow: 'Текущее время', timeSigning: 'Время подписания', resetTrust: 'Вернуть тестовые настройки',
    verify: 'Проверить подпись', resultTitle: 'Результат проверки',
    empty: 'Выберите подписанное заявление, чтобы увидеть результат.',
    signer: 'Подписант', findings: 'Замечания', details: 'Подробности', chain: 'Цепочка сертификатов',
    foot: 'Проверка по правилам НУЦ РК и регламентам жилищных услуг.',
    valid: 'Подпись действительна', invalid: 'Подпись недействительна', indeterminate: 'Проверка не завершена',
    validSub: 'Документ не изменён, сертификат действителен, правила услуги соблюдены.',
    invalidSub: 'Заявление не может быть принято.', indeterminateSub: 'Недостаточно данных для окончательного решения.',
    iin: 'ИИН', bin: 'БИН', name: 'ФИО', org: 'Организация', role: 'Роль', key: 'Тип ключа', validity: 'Срок действия',
    signingTime: 'Время подписания', verificationTime: 'Время проверки', algorithm: 'Алгоритм', sha: 'SHA-256 конверта',
    tsa: 'Метки времени: доверенные сертификаты TSA', ocsp: 'Ответы OCSP (DER)', timeStamp: 'Время метки (TSA)',
    evidenceHint: 'Ответы OCSP и метки времени получает ваша программа (страница ничего не отправляет).',
    timestamp: 'Метка времени', revocationLabel: 'Отзыв', srcCrl: 'CRL', srcOcsp: 'OCSP', srcNone: 'нет данных',
    service: 'Услуга', channel: 'Канал', applicant: 'Заявитель',
    noFindings: 'Замечаний нет.', unknownSigner: 'Подписант не определён.',
    keySign: 'подписание', keyAuth: 'аутентификация', keyOther: 'другой',
    roles: { individual: 'физическое лицо', first_head: 'первый руководитель', right_to_sign: 'право подписи', financial_sign: 'финансовая подпись', hr: 'кадры', employee: 'сотрудник', legal_entity: 'юридическое лицо', unknown: 'не указана' },
    loading: 'Загрузка модуля проверки…', ready: 'Готово к проверке.', verifying: 'Проверка…',
    doneIn: (ms) => `Проверено за ${ms} мс.`, trustDefault: 'тестовый УЦ', trustCustom: 'свои файлы',
    errorInput: 'Файл не распознан как подписанный документ', errorTrust: 'Ошибка в доверенных сертификатах или CRL',
    chooseFirst: 'Сначала выберите файл заявления.', to: 'до', from: 'с',
  },
  kk: {
    signTitle: 'Өз кілтіңізбен қол қою (.p12)',
    signLead: 'ҰКО кілті (KalkanCrypt / NCALayer .p12 файлы) браузерде ашылып, қол қояды: кілт те, құпиясөз де, құжат та ешқайда жіберілмейді.',
    p12File: 'Кілттер қоймасы (.p12, .pfx)', p12Password: 'Қойманың құпиясөзі', p12Alias: 'Кілт', docFile: 'Өтініш (JSON)',
    signLenient: 'ҰКО тест сертификаттары (ЖСН бақылау цифрын тексермей)', signButton: 'Қол қою',
    signedDownload: 'Қол қойылған өтінішті жүктеу (.p7s)', signNeed: 'Кілттер қоймасын және өтінішті таңдап, құпиясөзді енгізіңіз.',
    signing: 'Қол қойылуда…', signed: (alg) => `Қол қойылды (${alg}). Тексеру — «Тексеру нәтижесі» бөлімінде.`,
    signWrongPassword: 'Кілттер қоймасының құпиясөзі қате.', signError: 'Қол қою мүмкін болмады',
    skip: 'Мазмұнға өту', brand: 'Тұрғын үй қызметтері', brandSub: 'Өтініштің ЭЦҚ тексеру',
    title: 'Қол қойылған өтінішті тексеру',
    lead: 'Өтінішті жібермес бұрын қолтаңбасын тексеріңіз: құжаттың тұтастығы, қол қоюшының сертификаты (ЖСН, қолданылу мерзімі, кері қайтарып алу) және қызмет ережелері. Тексеру браузерде орындалады, файлдар ешқайда жіберілмейді.',
    inputTitle: 'Тексерілетін деректер', envelope: 'Қол қойылған өтініш (CMS)',
    dropMain: 'Файлды осында сүйреңіз немесе таңдаңыз', dropHint: 'DER, PEM немесе base64 (.p7s, .cms, .pem, .txt) немесе қол қойылған XML (.xml)',
    samples: 'Мысалдар (тест КО)',
    sample_valid: 'Жарамды', sample_tampered: 'Өзгертілген', sample_revoked: 'Кері қайтарылған сертификат', sample_otherSigner: 'Бөгде қолтаңба', sample_kalkanTwo: 'KalkanCrypt: ГОСТ + RSA (ҰКО)', sample_xmlTwo: 'XML: екі қолтаңба',
    intermediate: 'Аралық сертификаттар (КО)', timeDate: 'Күні бойынша', whatLabel: 'Не тексеріледі',
    whatRequest: 'Өтініш (қолтаңбалар және қызмет ережелері)', whatEnvelope: 'Кез келген құжат (тек қолтаңбалар)',
    ncaHint: 'ҚР ҰКО қолтаңбалары: сенімді — ҰКО түбірлік сертификаты, аралық — КО сертификаттары (ГОСТ және RSA), кері қайтарып алу тізімдері — осы КО-ның ағымдағы CRL (pki.gov.kz). Түйме ҰКО тест сертификаттары мен CRL-дерін жүктейді (кері қайтарып алу қол қоюшылардың сертификаттары үшін тексеріледі: тест файлдарында түбірлік КО-ның CRL-і жоқ).',
    trustNca: 'ҚР ҰКО тест баптаулары', trustNcaState: 'ҚР ҰКО тест', signersTitle: 'Барлық қолтаңбалар',
    signerNo: (i) => `№${i} қолтаңба`, documentSigner: 'өтініш берушінің қолтаңбасы',
    trustTitle: 'Сенімді сертификаттар және кері қайтарып алу тізімдері', anchor: 'Түбірлік сертификат (сенімді)',
    anchorDefault: 'Әдепкі — тест КО түбірлік сертификаты.', crl: 'Кері қайтарып алу тізімдері (CRL)',
    crlDefault: 'Әдепкі — тест КО толық және дельта CRL.', timeLabel: 'Тексеру уақыты',
    timeNow: 'Ағымдағы уақыт', timeSigning: 'Қол қою уақыты', resetTrust: 'Тест баптауларын қайтару',
    verify: 'Қолтаңбаны тексеру', resultTitle: 'Тексеру нәтижесі',
    empty: 'Нәтижені көру үшін қол қойылған өтінішті таңдаңыз.',
    signer: 'Қол қоюшы', findings: 'Ескертулер', details: 'Толығырақ', chain: 'Сертификаттар тізбегі',
    foot: 'ҚР ҰКО ережелері және тұрғын үй қызметтерінің регламенттері бойынша тексеру.',
    valid: 'Қолтаңба жарамды', invalid: 'Қолтаңба жарамсыз', indeterminate: 'Тексеру аяқталмады',
    validSub: 'Құжат өзгертілмеген, сертификат жарамды, қызмет ережелері сақталған.',
    invalidSub: 'Өтінішті қабылдау мүмкін емес.', indeterminateSub: 'Түпкілікті шешім үшін деректер жеткіліксіз.',
    iin: 'ЖСН', bin: 'БСН', name: 'Аты-жөні', org: 'Ұйым', role: 'Рөлі', key: 'Кілт түрі', validity: 'Қолданылу мерзімі',
    signingTime: 'Қол қою уақыты', verificationTime: 'Тексеру уақыты', algorithm: 'Алгоритм', sha: 'Конверттің SHA-256',
    tsa: 'Уақыт белгілері: сенімді TSA сертификаттары', ocsp: 'OCSP жауаптары (DER)', timeStamp: 'Белгі уақыты (TSA)',
    evidenceHint: 'OCSP жауаптары мен уақыт белгілерін сіздің бағдарламаңыз алады (бет ештеңе жібермейді).',
    timestamp: 'Уақыт белгісі', revocationLabel: 'Кері қайтарып алу', srcCrl: 'CRL', srcOcsp: 'OCSP', srcNone: 'дерек жоқ',
    service: 'Қызмет', channel: 'Арна', applicant: 'Өтініш беруші',
    noFindings: 'Ескертулер жоқ.', unknownSigner: 'Қол қоюшы анықталмады.',
    keySign: 'қол қою', keyAuth: 'аутентификация', keyOther: 'басқа',
    roles: { individual: 'жеке тұлға', first_head: 'бірінші басшы', right_to_sign: 'қол қою құқығы', financial_sign: 'қаржылық қолтаңба', hr: 'кадрлар', employee: 'қызметкер', legal_entity: 'заңды тұлға', unknown: 'көрсетілмеген' },
    loading: 'Тексеру модулі жүктелуде…', ready: 'Тексеруге дайын.', verifying: 'Тексерілуде…',
    doneIn: (ms) => `${ms} мс ішінде тексерілді.`, trustDefault: 'тест КО', trustCustom: 'өз файлдарыңыз',
    errorInput: 'Файл қол қойылған құжат ретінде танылмады', errorTrust: 'Сенімді сертификаттарда немесе CRL-де қате',
    chooseFirst: 'Алдымен өтініш файлын таңдаңыз.', to: 'дейін', from: 'бастап',
  },
  en: {
    signTitle: 'Sign with your own key (.p12)',
    signLead: 'Your NCA key (a .p12 file from KalkanCrypt / NCALayer) is opened and signs in the browser: neither the key, the password nor the document leaves the page.',
    p12File: 'Key store (.p12, .pfx)', p12Password: 'Key store password', p12Alias: 'Key', docFile: 'Request (JSON)',
    signLenient: 'NCA test certificates (no IIN check digit)', signButton: 'Sign',
    signedDownload: 'Download the signed request (.p7s)', signNeed: 'Choose a key store and a request, and type the password.',
    signing: 'Signing…', signed: (alg) => `Signed (${alg}). It is checked under “Result”.`,
    signWrongPassword: 'Wrong key store password.', signError: 'Could not sign',
    skip: 'Skip to content', brand: 'Housing services', brandSub: 'Request signature check',
    title: 'Check a signed request',
    lead: 'Check a request\'s signature before it is sent: document integrity, the signer\'s certificate (IIN, validity, revocation) and the service rules. Everything runs in your browser; no file leaves it.',
    inputTitle: 'What to check', envelope: 'Signed request (CMS)',
    dropMain: 'Drop a file here or choose one', dropHint: 'DER, PEM or base64 (.p7s, .cms, .pem, .txt) or signed XML (.xml)',
    samples: 'Samples (test CA)',
    sample_valid: 'Valid', sample_tampered: 'Tampered', sample_revoked: 'Revoked certificate', sample_otherSigner: 'Someone else\'s signature', sample_kalkanTwo: 'KalkanCrypt: GOST + RSA (NCA)', sample_xmlTwo: 'XML: two signatures',
    intermediate: 'Intermediate certificates (CAs)', timeDate: 'At a date', whatLabel: 'What to check',
    whatRequest: 'A request (signatures and the service rules)', whatEnvelope: 'Any document (signatures only)',
    ncaHint: 'Signatures of the NCA of Kazakhstan: trust the NCA root certificate, add the CA certificates (GOST and RSA) as intermediates and the CAs\' current CRLs (pki.gov.kz). The button loads the NCA test certificates and CRLs (revocation is checked for the signers\' certificates: the test files have no CRL of the root).',
    trustNca: 'NCA of Kazakhstan test settings', trustNcaState: 'NCA test', signersTitle: 'All signatures',
    signerNo: (i) => `Signature #${i}`, documentSigner: 'the applicant\'s signature',
    trustTitle: 'Trusted certificates and revocation lists', anchor: 'Root certificate (trusted)',
    anchorDefault: 'Default: the test CA\'s root certificate.', crl: 'Revocation lists (CRLs)',
    crlDefault: 'Default: the test CA\'s full and delta CRLs.', timeLabel: 'Verification time',
    timeNow: 'Now', timeSigning: 'Signing time', resetTrust: 'Restore the test settings',
    verify: 'Verify signature', resultTitle: 'Result',
    empty: 'Choose a signed request to see the result.',
    signer: 'Signer', findings: 'Findings', details: 'Details', chain: 'Certificate chain',
    foot: 'Checked under the rules of the National Certification Authority of Kazakhstan and the housing services\' regulations.',
    valid: 'Signature valid', invalid: 'Signature invalid', indeterminate: 'Could not be decided',
    validSub: 'The document is unchanged, the certificate is valid and the service rules are met.',
    invalidSub: 'The request cannot be accepted.', indeterminateSub: 'Not enough data for a final decision.',
    iin: 'IIN', bin: 'BIN', name: 'Name', org: 'Organisation', role: 'Role', key: 'Key type', validity: 'Valid',
    signingTime: 'Signed at', verificationTime: 'Verified at', algorithm: 'Algorithm', sha: 'Envelope SHA-256',
    tsa: 'Time-stamps: trusted TSA certificates', ocsp: 'OCSP responses (DER)', timeStamp: 'Time-stamp time (TSA)',
    evidenceHint: 'Your software fetches OCSP responses and time-stamps (the page sends nothing).',
    timestamp: 'Time-stamp', revocationLabel: 'Revocation', srcCrl: 'CRL', srcOcsp: 'OCSP', srcNone: 'no data',
    service: 'Service', channel: 'Channel', applicant: 'Applicant',
    noFindings: 'No findings.', unknownSigner: 'The signer could not be identified.',
    keySign: 'signing', keyAuth: 'authentication', keyOther: 'other',
    roles: { individual: 'individual', first_head: 'first head', right_to_sign: 'right to sign', financial_sign: 'financial signature', hr: 'HR', employee: 'employee', legal_entity: 'legal entity', unknown: 'none' },
    loading: 'Loading the verifier…', ready: 'Ready.', verifying: 'Verifying…',
    doneIn: (ms) => `Verified in ${ms} ms.`, trustDefault: 'test CA', trustCustom: 'your files',
    errorInput: 'The file is not a recognisable signed document', errorTrust: 'Error in the trusted certificates or CRLs',
    chooseFirst: 'Choose a request file first.', to: 'to', from: 'from',
  },
};

const $ = (id) => document.getElementById(id);
const state = {
  lang: 'ru', envelope: null, envelopeName: '', report: null, config: null,
  defaults: null, anchors: null, intermediates: null, crls: null, tsaAnchors: null, ocsp: null, iinChecksum: undefined, preset: null, verifier: null, ready: false,
};
const t = (k) => T[state.lang][k];

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k.startsWith('data-') || k === 'lang') e.setAttribute(k, v); else e[k] = v;
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

function setStatus(text, error = false) {
  $('status').textContent = text;
  $('status').classList.toggle('is-error', error);
}

function applyLang() {
  document.documentElement.lang = state.lang;
  document.title = `${t('title')} — egov-sign`;
  for (const n of document.querySelectorAll('[data-i18n]')) n.textContent = t(n.dataset.i18n);
  for (const b of document.querySelectorAll('.lang button')) b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang));
  renderSamples();
  renderTrustState();
  if (state.report) renderReport(state.report);
  if (state.ready && !state.report) setStatus(t('ready'));
  if (state.report && state.lastMs) setStatus(t('doneIn')(state.lastMs));
  try { localStorage.setItem('egov-sign-lang', state.lang); } catch { /* private mode */ }
}

const date = (s) => (s ? new Date(s).toLocaleString(state.lang === 'kk' ? 'kk-KZ' : state.lang === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Almaty' }) : '—');

function fact(dl, label, value, attrs = {}) {
  dl.append(el('dt', {}, label), el('dd', attrs, value ?? '—'));
}

function renderReport(r) {
  $('empty').hidden = true;
  $('report').hidden = false;
  $('verdict').dataset.indication = r.indication;
  $('indication').textContent = t(r.indication);
  $('indication-sub').textContent = t(`${r.indication}Sub`);

  const s = $('signer');
  s.replaceChildren();
  if (r.signer) {
    const c = r.signer;
    fact(s, t('name'), c.name);
    fact(s, t('iin'), c.iin, { id: 'signer-iin', class: 'mono' });
    if (c.bin) fact(s, t('bin'), c.bin, { class: 'mono' });
    if (c.organization) fact(s, t('org'), c.organization);
    fact(s, t('role'), t('roles')[c.role] ?? c.role, { id: 'signer-role' });
    const key = el('dd', {}, { sign: t('keySign'), auth: t('keyAuth'), other: t('keyOther') }[c.key] ?? c.key);
    s.append(el('dt', {}, t('key')), key);
    fact(s, t('validity'), `${date(c.notBefore)} — ${date(c.notAfter)}`);
  } else {
    s.append(el('dd', { class: 'none' }, t('unknownSigner')));
  }

  const list = $('findings');
  list.replaceChildren();
  if (r.findings.length === 0) {
    list.append(el('li', { class: 'none' }, t('noFindings')));
  }
  for (const f of r.findings) {
    list.append(
      el('li', { class: 'finding', 'data-code': f.code, 'data-severity': f.severity },
        el('p', { class: 'finding__text' }, f.message[state.lang]),
        el('p', { class: 'finding__meta' }, el('span', { class: 'code' }, f.code), f.subject ? `${f.subject} · ${f.detail}` : f.detail)));
  }

  // Several signatures (e.g. KalkanCrypt co-signing): each one's verdict.
  const several = (r.signers ?? []).length > 1;
  $('signers-block').hidden = !several;
  $('signers').replaceChildren(...(several ? r.signers : []).map((sr) =>
    el('li', { class: 'finding', 'data-indication': sr.indication, 'data-signer': String(sr.index) },
      el('p', { class: 'finding__text' },
        `${t('signerNo')(sr.index + 1)}: ${t(sr.indication)}${sr.documentSigner ? ` · ${t('documentSigner')}` : ''}`),
      el('p', { class: 'finding__meta' },
        [sr.signer ? `${sr.signer.name ?? sr.signer.subject} (${sr.signer.iin ?? '—'})` : t('unknownSigner'),
          sr.signatureAlgorithm ?? '', sr.covers ?? '', ...sr.findings.map((f) => f.code)].filter(Boolean).join(' · ')))));

  const d = $('details');
  d.replaceChildren();
  const doc = r.document;
  if (doc) {
    fact(d, t('service'), doc.service);
    fact(d, t('channel'), doc.channel);
    if (doc.applicant) fact(d, t('applicant'), `${doc.applicant.name} (${doc.applicant.iin})`);
  }
  fact(d, t('signingTime'), date(r.signingTime));
  fact(d, t('verificationTime'), date(r.verificationTime));
  fact(d, t('algorithm'), r.signatureAlgorithm);
  fact(d, t('sha'), r.envelopeSha256, { class: 'mono' });
  if (r.timestamp) {
    const ts = r.timestamp;
    fact(d, t('timestamp'), `${date(ts.genTime)} · ${ts.tsa} · ${ts.policyName ?? ts.policy}`, { id: 'timestamp' });
  }
  for (const e of r.revocation ?? []) {
    const src = { crl: t('srcCrl'), ocsp: t('srcOcsp') }[e.source] ?? t('srcNone');
    const when = e.revocationTime ? ` · ${date(e.revocationTime)}` : e.thisUpdate ? ` · ${date(e.thisUpdate)}` : '';
    fact(d, t('revocationLabel'), `${e.subject}: ${e.status} (${src})${when}`, { 'data-source': e.source });
  }
  const chain = $('chain');
  chain.replaceChildren(...r.chain.map((c) => el('li', {}, c.subject)));
}

function renderSamples() {
  const box = $('samples-list');
  if (!state.config) return;
  box.replaceChildren(...state.config.samples.map((s) =>
    el('button', { type: 'button', class: 'chip', 'data-sample': s.kind, onclick: () => loadSample(s) }, t(`sample_${s.kind}`))));
  $('samples').hidden = false;
}

function renderTrustState() {
  const custom = state.anchors !== state.defaults?.anchors || state.crls !== state.defaults?.crls
    || state.intermediates !== state.defaults?.intermediates;
  $('trust-state').textContent = state.preset === 'nca' ? t('trustNcaState')
    : state.defaults || custom ? (custom ? t('trustCustom') : t('trustDefault')) : '';
}

function buildVerifier() {
  state.verifier?.free();
  state.verifier = null;
  if (!state.anchors) return;
  const cfg = state.config ?? {};
  state.verifier = new Verifier({
    anchors: state.anchors,
    intermediates: state.intermediates ?? undefined,
    crls: state.crls ?? [],
    // Issue 16: time-stamp trust (separate from the document anchors) and OCSP answers the
    // user supplies; the module does no network I/O.
    tsaAnchors: state.tsaAnchors ?? undefined,
    ocspResponses: state.ocsp ?? undefined,
    iinChecksum: state.iinChecksum,
    revocation: state.revocation,
    operatorBins: cfg.operatorBins ?? [],
    providerBins: cfg.providerBins ?? [],
  });
}

let verifying = 0;

async function verify() {
  if (!state.envelope) { setStatus(t('chooseFirst'), true); return; }
  setStatus(t('verifying'));
  // Only the latest verification may show its result (a file chosen while another is
  // verified replaces it).
  const mine = ++verifying;
  try {
    if (!state.verifier) buildVerifier();
    const t0 = performance.now();
    const mode = $('time-mode').value;
    const at = mode === 'signing-time' || mode === 'timestamp' ? mode
      : mode === 'date' && $('time-at').value ? new Date(`${$('time-at').value}Z`) : new Date();
    // Signature primitives in the browser's WebCrypto (secure contexts), else in wasm.
    const report = $('what').value === 'envelope'
      ? await state.verifier.verifyEnvelope(state.envelope, { at })
      : await state.verifier.verifyRequest(state.envelope, { at });
    if (mine !== verifying) return;
    state.report = report;
    const ms = Math.max(1, Math.round(performance.now() - t0));
    state.lastMs = ms;
    renderReport(state.report);
    setStatus(t('doneIn')(ms));
    // On a phone the result is below the form: bring it into view.
    if (matchMedia('(max-width: 860px)').matches) $('result').scrollIntoView({ block: 'start', behavior: 'smooth' });
  } catch (e) {
    if (mine !== verifying) return;
    state.report = null;
    $('report').hidden = true;
    $('empty').hidden = false;
    setStatus(`${t('errorInput')}: ${e.code ?? ''} ${e.message}`, true);
  }
}

async function readFile(file) {
  return new Uint8Array(await file.arrayBuffer());
}

async function setEnvelope(bytes, name) {
  state.envelope = bytes;
  state.envelopeName = name;
  $('envelope-name').textContent = name;
  $('verify').disabled = !state.ready;
  if (state.ready) verify();
}

async function loadSample(s) {
  if (s.trust === 'nca') await useNcaTrust(false);
  if (s.at) { $('time-mode').value = 'date'; $('time-at').hidden = false; $('time-at').value = s.at.replace(/Z$/, ''); }
  $('what').value = s.what ?? 'request';
  const res = await fetch(`demo/${s.file}`);
  await setEnvelope(new Uint8Array(await res.arrayBuffer()), s.file);
}

/** The real NCA test PKI (root, GOST and RSA CAs, their CRLs) as served in demo/nca/. */
async function useNcaTrust(reverify = true) {
  const nca = state.config?.nca;
  if (!nca) return;
  const get = async (f) => new Uint8Array(await (await fetch(`demo/${f}`)).arrayBuffer());
  const [anchors, intermediates, crls] = await Promise.all([
    Promise.all(nca.anchors.map(get)), Promise.all(nca.intermediates.map(get)), Promise.all(nca.crls.map(get)),
  ]);
  Object.assign(state, { anchors, intermediates, crls, iinChecksum: nca.iinChecksum, revocation: nca.revocation, preset: 'nca' });
  state.verifier?.free();
  state.verifier = null;
  buildVerifier();
  renderTrustState();
  if (reverify && state.envelope) verify();
}

async function loadDefaults() {
  try {
    const res = await fetch('demo/config.json');
    if (!res.ok) return;
    const cfg = await res.json();
    const get = async (f) => new Uint8Array(await (await fetch(`demo/${f}`)).arrayBuffer());
    const [anchors, intermediates, crls] = await Promise.all([
      Promise.all(cfg.anchors.map(get)), Promise.all(cfg.intermediates.map(get)), Promise.all(cfg.crls.map(get)),
    ]);
    state.config = cfg;
    state.defaults = { anchors, intermediates, crls };
    state.anchors = anchors;
    state.intermediates = intermediates;
    state.crls = crls;
    if (cfg.warning) { $('foot-warning').textContent = `⚠ ${cfg.warning}`; $('foot-warning').hidden = false; }
  } catch { /* no demo material: the user provides the trust anchor */ }
}

let signedUrl = null;

/** Open the chosen .p12 with the typed password, sign the chosen request, all in wasm. */
async function signWithKeyStore() {
  const p12 = $('p12-file').files[0];
  const doc = $('doc-file').files[0];
  const password = $('p12-password').value;
  const status = (text, error = false) => { $('sign-status').textContent = text; $('sign-status').classList.toggle('is-error', error); };
  if (!p12 || !doc || !state.ready) { status(t('signNeed'), true); return; }
  status(t('signing'));
  let ks = null;
  try {
    ks = new KeyStore(await readFile(p12), password);
    const entries = ks.entries();
    const select = $('p12-alias');
    const aliases = entries.map((e) => e.alias ?? '');
    if ([...select.options].map((o) => o.value).join('\n') !== aliases.join('\n')) {
      select.replaceChildren(...entries.map((e) => el('option', { value: e.alias ?? '' },
        `${e.certificate?.name ?? e.certificate?.subject ?? e.alias} — ${e.algorithm}`)));
    }
    $('p12-alias-field').hidden = entries.length < 2;
    const entry = entries.length > 1 ? entries[select.selectedIndex] : entries[0];
    const lenient = $('sign-lenient').checked;
    const bytes = buildRequest(JSON.parse(await doc.text()), { iinChecksum: lenient ? 'lenient' : 'strict' });
    const envelope = ks.sign(bytes, entries.length > 1 ? (entry?.alias ?? undefined) : undefined, { signingTime: new Date() });
    if (signedUrl) URL.revokeObjectURL(signedUrl);
    signedUrl = URL.createObjectURL(new Blob([envelope], { type: 'application/pkcs7-signature' }));
    $('signed-download').href = signedUrl;
    $('signed-download').hidden = false;
    status(t('signed')(entry?.algorithm ?? ''));
    await setEnvelope(envelope, 'request.p7s');
  } catch (e) {
    status(e.code === 'KEY_PASSWORD' ? `${t('signWrongPassword')} [KEY_PASSWORD]` : `${t('signError')}: ${e.code ?? ''} ${e.message}`, true);
  } finally {
    ks?.free();
  }
}

function wire() {
  $('sign').addEventListener('click', signWithKeyStore);
  for (const b of document.querySelectorAll('.lang button')) b.addEventListener('click', () => { state.lang = b.dataset.lang; applyLang(); });
  $('envelope-file').addEventListener('change', async (e) => {
    const f = e.target.files[0];
    if (f) await setEnvelope(await readFile(f), f.name);
  });
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('is-over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('is-over'));
  drop.addEventListener('drop', async (e) => {
    e.preventDefault();
    drop.classList.remove('is-over');
    const f = e.dataTransfer.files[0];
    if (f) await setEnvelope(await readFile(f), f.name);
  });
  const trustChanged = () => {
    try { buildVerifier(); renderTrustState(); if (state.envelope) verify(); } catch (e) {
      state.verifier = null; setStatus(`${t('errorTrust')}: ${e.code ?? ''} ${e.message}`, true);
    }
  };
  $('anchor-file').addEventListener('change', async (e) => {
    if (!e.target.files.length) return;
    state.anchors = await Promise.all([...e.target.files].map(readFile));
    state.preset = null;
    trustChanged();
  });
  $('intermediate-file').addEventListener('change', async (e) => {
    state.intermediates = await Promise.all([...e.target.files].map(readFile));
    state.preset = null;
    trustChanged();
  });
  $('trust-nca').addEventListener('click', () => useNcaTrust().catch((e) => setStatus(`${t('errorTrust')}: ${e.code ?? ''} ${e.message}`, true)));
  $('crl-file').addEventListener('change', async (e) => {
    state.crls = await Promise.all([...e.target.files].map(readFile));
    trustChanged();
  });
  $('tsa-file').addEventListener('change', async (e) => {
    state.tsaAnchors = e.target.files.length ? await Promise.all([...e.target.files].map(readFile)) : null;
    trustChanged();
  });
  $('ocsp-file').addEventListener('change', async (e) => {
    state.ocsp = e.target.files.length ? await Promise.all([...e.target.files].map(readFile)) : null;
    trustChanged();
  });
  $('reset-trust').addEventListener('click', () => {
    $('anchor-file').value = ''; $('crl-file').value = ''; $('intermediate-file').value = '';
    $('tsa-file').value = ''; $('ocsp-file').value = ''; state.tsaAnchors = null; state.ocsp = null;
    state.anchors = state.defaults?.anchors ?? null; state.crls = state.defaults?.crls ?? null;
    state.intermediates = state.defaults?.intermediates ?? null; state.iinChecksum = undefined; state.revocation = undefined; state.preset = null;
    trustChanged();
  });
  $('time-mode').addEventListener('change', () => {
    $('time-at').hidden = $('time-mode').value !== 'date';
    if (state.envelope) verify();
  });
  $('time-at').addEventListener('change', () => { if (state.envelope) verify(); });
  $('what').addEventListener('change', () => { if (state.envelope) verify(); });
  $('verify').addEventListener('click', verify);
}

async function main() {
  try { state.lang = localStorage.getItem('egov-sign-lang') || state.lang; } catch { /* ignore */ }
  if (!T[state.lang]) state.lang = 'ru';
  wire();
  applyLang();
  setStatus(t('loading'));
  await Promise.all([init(), loadDefaults()]);
  $('version').textContent = version();
  state.ready = true;
  document.body.dataset.ready = 'true';
  applyLang();
  $('verify').disabled = !state.envelope;
  if (state.envelope) verify();
}

main().catch((e) => setStatus(`${e.code ?? ''} ${e.message}`, true));
