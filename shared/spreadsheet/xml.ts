/**
 * The little XML the workbook code needs: escaping for the writer, and for the reader a tolerant tokenizer
 * (namespace prefixes ignored, either quote style, any attribute order) that is still strict about what makes
 * a document ambiguous or dangerous: mismatched or unclosed tags, unknown entities, and any DOCTYPE (so no
 * entity can expand). It is a hand-written scanner, not regular expressions over tags, so no input can make
 * it backtrack; attributes go into Maps, so a name like `__proto__` is only a name.
 */
import { text, type Text } from '../i18n/text';

// ---------------------------------------------------------------- writing

/** Characters XML 1.0 cannot carry at all (controls other than tab, LF, CR; U+FFFE, U+FFFF). */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function sanitize(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD').replace(NOT_XML_CHAR, '');
}

/** Text content of an element. */
export function xmlText(s: string): string {
  return sanitize(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes; tab and line breaks as references, or a parser would turn them into spaces. */
export function xmlAttr(s: string): string {
  return sanitize(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/**
 * Cell text the way SpreadsheetML stores it (ST_Xstring): characters XML cannot carry become `_xHHHH_`, and so
 * does a carriage return (an XML parser would turn CR LF into LF; Excel writes `_x000D_` too); a literal
 * `_xHHHH_` in the text gets its underscore escaped so that it reads back unchanged.
 */
export function encodeXstring(s: string): string {
  return s
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\r]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

export function decodeXstring(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

// ---------------------------------------------------------------- reading

export class XmlError extends Error {
  constructor(
    readonly why: Text,
    readonly offset: number,
  ) {
    super(why.en);
  }
}

export interface XmlHandler {
  /** `name` and attribute names without their namespace prefix. */
  open(name: string, attrs: ReadonlyMap<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  text(value: string): void;
}

const MAX_DEPTH = 256;
const TICK_EVERY = 512;

/**
 * Walks `xml`, calling the handler for each tag and text run; throws XmlError when the document is not
 * well-formed. `tick` is called every few hundred tags so a caller can enforce a time budget.
 */
export function parseXml(xml: string, handler: XmlHandler, tick: () => void = () => {}): void {
  const n = xml.length;
  const stack: string[] = [];
  let rootSeen = false;
  let i = 0;
  let tags = 0;
  const fail = (vi: string, en: string, at: number): never => {
    throw new XmlError(text(vi, en), at);
  };

  const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
  const skipSpace = () => {
    while (i < n && isSpace(xml.charCodeAt(i))) i++;
  };
  const readName = (): string => {
    const start = i;
    while (i < n) {
      const c = xml.charCodeAt(i);
      if (isSpace(c) || c === 0x2f /* / */ || c === 0x3e /* > */ || c === 0x3d /* = */ || c === 0x3c /* < */) break;
      i++;
    }
    if (i === start) fail('thiếu tên thẻ hoặc thuộc tính', 'a tag or attribute name is missing', start);
    return xml.slice(start, i);
  };
  const emitText = (raw: string, at: number, decode: boolean) => {
    if (stack.length === 0) {
      for (let k = 0; k < raw.length; k++) {
        if (!isSpace(raw.charCodeAt(k))) fail('có chữ nằm ngoài phần tử gốc', 'text outside the root element', at + k);
      }
      return;
    }
    handler.text(decode ? decodeEntities(raw, at) : raw);
  };

  while (i < n) {
    const lt = xml.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) emitText(xml.slice(i, end), i, true);
    if (lt < 0) break;
    i = lt;
    if (++tags % TICK_EVERY === 0) tick();
    const next = xml.charCodeAt(i + 1);
    if (next === 0x3f /* ? */) {
      const e = xml.indexOf('?>', i + 2);
      if (e < 0) fail('khai báo <? … ?> không đóng', 'unterminated <? … ?> declaration', i);
      i = e + 2;
      continue;
    }
    if (next === 0x21 /* ! */) {
      if (xml.startsWith('<!--', i)) {
        const e = xml.indexOf('-->', i + 4);
        if (e < 0) fail('chú thích không đóng', 'unterminated comment', i);
        i = e + 3;
      } else if (xml.startsWith('<![CDATA[', i)) {
        const e = xml.indexOf(']]>', i + 9);
        if (e < 0) fail('khối CDATA không đóng', 'unterminated CDATA section', i);
        emitText(xml.slice(i + 9, e), i, false);
        i = e + 3;
      } else if (xml.startsWith('<!DOCTYPE', i)) {
        fail('có khai báo DOCTYPE (không được phép trong tệp Excel)', 'contains a DOCTYPE declaration (not allowed in an Excel file)', i);
      } else {
        fail('thẻ <! … > không hợp lệ', 'invalid <! … > markup', i);
      }
      continue;
    }
    if (next === 0x2f /* / */) {
      i += 2;
      const name = readName();
      skipSpace();
      if (xml.charCodeAt(i) !== 0x3e) fail(`thẻ đóng </${name}> không hợp lệ`, `malformed closing tag </${name}>`, i);
      i++;
      const open = stack.pop();
      if (open !== name) {
        fail(
          open === undefined ? `thẻ đóng </${name}> không có thẻ mở` : `thẻ đóng </${name}> không khớp với <${open}>`,
          open === undefined ? `closing tag </${name}> without an opening tag` : `closing tag </${name}> does not match <${open}>`,
          i,
        );
      }
      handler.close(localName(name));
      continue;
    }
    const tagStart = i;
    i++;
    const name = readName();
    const attrs = new Map<string, string>();
    let selfClosing = false;
    for (;;) {
      const before = i;
      skipSpace();
      if (i >= n) fail(`thẻ <${name}> không đóng`, `unterminated tag <${name}>`, tagStart);
      const c = xml.charCodeAt(i);
      if (c === 0x3e) {
        i++;
        break;
      }
      if (c === 0x2f) {
        if (xml.charCodeAt(i + 1) !== 0x3e) fail(`thẻ <${name}> không hợp lệ`, `malformed tag <${name}>`, i);
        i += 2;
        selfClosing = true;
        break;
      }
      if (i === before) fail(`thiếu khoảng trắng giữa các thuộc tính của <${name}>`, `attributes of <${name}> are not separated by spaces`, i);
      const attrName = readName();
      skipSpace();
      if (xml.charCodeAt(i) !== 0x3d) fail(`thuộc tính ${attrName} không có giá trị`, `attribute ${attrName} has no value`, i);
      i++;
      skipSpace();
      const q = xml.charCodeAt(i);
      if (q !== 0x22 && q !== 0x27) fail(`giá trị của ${attrName} không nằm trong dấu nháy`, `the value of ${attrName} is not quoted`, i);
      const close = xml.indexOf(q === 0x22 ? '"' : "'", i + 1);
      if (close < 0) fail(`giá trị của ${attrName} không đóng`, `unterminated value of ${attrName}`, i);
      const raw = xml.slice(i + 1, close);
      if (raw.includes('<')) fail(`giá trị của ${attrName} chứa "<"`, `the value of ${attrName} contains "<"`, i);
      const key = localName(attrName);
      if (attrName !== 'xmlns' && !attrName.startsWith('xmlns:')) attrs.set(key, decodeEntities(raw, i + 1));
      i = close + 1;
    }
    if (stack.length === 0) {
      if (rootSeen) fail('có nhiều hơn một phần tử gốc', 'more than one root element', tagStart);
      rootSeen = true;
    }
    handler.open(localName(name), attrs, selfClosing);
    if (selfClosing) handler.close(localName(name));
    else {
      stack.push(name);
      if (stack.length > MAX_DEPTH) fail('các thẻ lồng nhau quá sâu', 'elements nested too deeply', tagStart);
    }
  }
  if (stack.length > 0) fail(`thẻ <${stack[stack.length - 1]}> không được đóng`, `element <${stack[stack.length - 1]}> is never closed`, n);
  if (!rootSeen) fail('không có phần tử nào', 'no element at all', 0);
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

const NAMED: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Entity and character references resolved; line ends normalised to LF first, as XML 1.0 §2.11 requires. */
function decodeEntities(source: string, at: number): string {
  const raw = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(';', amp);
    const body = semi < 0 ? '' : raw.slice(amp + 1, semi);
    let ch: string | undefined;
    if (/^#[0-9]{1,7}$/.test(body) || /^#x[0-9A-Fa-f]{1,6}$/.test(body)) {
      const cp = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (cp <= 0x10ffff) ch = cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(cp);
    } else {
      ch = NAMED.get(body);
    }
    if (ch === undefined) {
      const shown = raw.slice(amp, Math.min(raw.length, semi < 0 ? amp + 12 : semi + 1));
      throw new XmlError(text(`thực thể không hợp lệ "${shown}"`, `invalid entity "${shown}"`), at + amp);
    }
    out += raw.slice(from, amp) + ch;
    from = semi + 1;
    amp = raw.indexOf('&', from);
  }
  return out + raw.slice(from);
}

/** A small element tree, for the short parts of a workbook (relationships, workbook, styles). */
export interface XmlElement {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: XmlElement[];
  /** The element's own text, its children's excluded. */
  text: string;
}

export function parseXmlTree(xml: string, tick?: () => void): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parseXml(
    xml,
    {
      open(name, attrs) {
        const el: XmlElement = { name, attrs, children: [], text: '' };
        const parent = stack[stack.length - 1];
        if (parent) parent.children.push(el);
        else root = el;
        stack.push(el);
      },
      close() {
        stack.pop();
      },
      text(value) {
        const top = stack[stack.length - 1];
        if (top) top.text += value;
      },
    },
    tick,
  );
  return root!;
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}
