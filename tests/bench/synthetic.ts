/**
 * Synthetic interchange CSV for the 2026 criteria set (nq57-2026.1), deterministic from a seed.
 *
 * Shape: units spread over provinces; communes (XA), provincial departments (SO) and a few press agencies
 * (BC). Every unit carries its self-assessment plus `evaluators` appraisals of every 2026 indicator that
 * applies to its group; some units also carry bonus (T1, T2) and deduction (D1, D2) items. Values follow
 * the rubric's input rules (yes/no 1/0, ISO dates, choice codes, whole counts, numerator ≤ denominator
 * except 3.2, 4.3 ≤ 3, 5.1b a multiple of 0.25 in [0, 5]) so that `readInterchange` finds no problem.
 * Output is what Excel would write: UTF-8 BOM, CRLF, RFC 4180 quoting (fields with commas, quotes or
 * line breaks are quoted), Vietnamese text with diacritics, some empty evidence, some accepted explanations.
 *
 * Used by the benchmark (national and province scale) and by its test (small sizes).
 */

export interface SyntheticOptions {
  /** Number of units. */
  readonly units: number;
  /** PRNG seed; the same options always give the same text. */
  readonly seed: number;
  /** Evaluators per unit, in addition to the self-assessment. */
  readonly evaluators: number;
  /**
   * Units per group. Default: the national proportions (3,321 XA of 4,000, 0.4 % BC, the rest SO), with at
   * least one unit of each group when there are three units or more. Must add up to `units`.
   */
  readonly groups?: { readonly XA: number; readonly SO: number; readonly BC: number };
  /** Number of provinces the units are spread over (unit codes and names carry it). Default 34. */
  readonly provinces?: number;
  /** Year column. Default 2026 (the criteria set's year). */
  readonly year?: number;
}

export interface SyntheticCsv {
  /** The whole file: BOM, header, CRLF line ends. */
  readonly csv: string;
  /** Data rows (input rows), header excluded. Physical lines may be more: a few notes span two lines. */
  readonly rows: number;
  /** Units per group, as generated. */
  readonly groups: { readonly XA: number; readonly SO: number; readonly BC: number };
  /** Entries (unit × indicator × person), for information. */
  readonly entries: number;
}

export const HEADER = 'year,unit,unit_name,group,indicator,input,value,evaluator,evidence,explanation,accepted,note';

type Group = 'SO' | 'XA' | 'BC';
const ALL: readonly Group[] = ['SO', 'XA', 'BC'];
const SX: readonly Group[] = ['SO', 'XA'];

/** The 2026 indicators in criteria order, with the groups they apply to (criteria/nq57-2026.1.json). */
const INDICATORS: readonly { readonly code: string; readonly appliesTo: readonly Group[] }[] = [
  { code: '1.1', appliesTo: ALL },
  { code: '1.2', appliesTo: ALL },
  { code: '1.3', appliesTo: ALL },
  { code: '1.4', appliesTo: ALL },
  { code: '2.1', appliesTo: ALL },
  { code: '2.2', appliesTo: ALL },
  { code: '2.3', appliesTo: SX },
  { code: '2.4', appliesTo: ALL },
  { code: '2.5', appliesTo: ALL },
  { code: '2.6', appliesTo: ALL },
  { code: '2.7', appliesTo: ALL },
  { code: '2.8', appliesTo: SX },
  { code: '2.9', appliesTo: ALL },
  { code: '3.1', appliesTo: ALL },
  { code: '3.2', appliesTo: ALL },
  { code: '3.3', appliesTo: ALL },
  { code: '3.4a', appliesTo: ['XA'] },
  { code: '3.4b', appliesTo: ['SO'] },
  { code: '3.4c', appliesTo: ['BC'] },
  { code: '4.1', appliesTo: ALL },
  { code: '4.2', appliesTo: ALL },
  { code: '4.3', appliesTo: ALL },
  { code: '5.1a', appliesTo: ['BC'] },
  { code: '5.1b', appliesTo: SX },
];

/** The 2026 indicator codes that apply to a unit group (what a complete unit enters). */
export function indicatorsFor(group: Group): string[] {
  return INDICATORS.filter((i) => i.appliesTo.includes(group)).map((i) => i.code);
}

// ------------------------------------------------------------------ PRNG (mulberry32) and helpers

class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  /** Whole number in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  gauss(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));
const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
const DAY_MS = 86_400_000;
const iso = (t: number) => {
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
};
const dmy = (t: number) => {
  const d = new Date(t);
  return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
};
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

/** RFC 4180: quote a field holding a comma, a quote or a line break; double the quotes inside. */
function field(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return `"${s.replace(/"/g, '""')}"`;
  }
  return s;
}

// ------------------------------------------------------------------ names

const PROVINCES = [
  'Điện Biên', 'Lai Châu', 'Sơn La', 'Lào Cai', 'Tuyên Quang', 'Cao Bằng', 'Lạng Sơn', 'Thái Nguyên', 'Phú Thọ',
  'Bắc Ninh', 'Quảng Ninh', 'Hà Nội', 'Hải Phòng', 'Hưng Yên', 'Ninh Bình', 'Thanh Hóa', 'Nghệ An', 'Hà Tĩnh',
  'Quảng Trị', 'Huế', 'Đà Nẵng', 'Quảng Ngãi', 'Gia Lai', 'Khánh Hòa', 'Đắk Lắk', 'Lâm Đồng', 'Đồng Nai',
  'Tây Ninh', 'Thành phố Hồ Chí Minh', 'Đồng Tháp', 'Vĩnh Long', 'An Giang', 'Cần Thơ', 'Cà Mau',
];
const SYLLABLES = [
  'Mường', 'Thanh', 'Nưa', 'Phăng', 'Sam', 'Mứn', 'Núa', 'Ngam', 'Nhà', 'Tuần', 'Giáo', 'Quài', 'Tở', 'Pú', 'Nhung',
  'Chiềng', 'Sinh', 'Tủa', 'Chùa', 'Sín', 'Chải', 'Phình', 'Sáng', 'Nhè', 'Na', 'Sang', 'Tùng', 'Pa', 'Ham', 'Nậm',
  'Nèn', 'Pồn', 'Son', 'Xa', 'Dung', 'Luân', 'Tìa', 'Dình', 'Giàng', 'Hỳ', 'Bủng', 'Toong', 'Kè', 'Quảng', 'Lâm',
  'Ảng', 'Tấu', 'Búng', 'Lao', 'Lạn', 'Yên', 'Hòa', 'Bình', 'Đông', 'Tây', 'Nam', 'Bắc', 'Phú', 'Tân', 'Long',
];
const DEPARTMENTS: readonly (readonly [string, string])[] = [
  ['VPUBND', 'Văn phòng UBND tỉnh'],
  ['SNV', 'Sở Nội vụ'],
  ['STC', 'Sở Tài chính'],
  ['STP', 'Sở Tư pháp'],
  ['SXD', 'Sở Xây dựng'],
  ['SCT', 'Sở Công Thương'],
  ['SNNMT', 'Sở Nông nghiệp và Môi trường'],
  ['SKHCN', 'Sở Khoa học và Công nghệ'],
  ['SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch'],
  ['SGDDT', 'Sở Giáo dục và Đào tạo'],
  ['SYT', 'Sở Y tế'],
  ['SDTTG', 'Sở Dân tộc và Tôn giáo'],
  ['SNGV', 'Sở Ngoại vụ'],
  ['TTT', 'Thanh tra tỉnh'],
  ['BQLKKT', 'Ban Quản lý các khu công nghiệp, khu kinh tế'],
  ['BCHQS', 'Bộ Chỉ huy Quân sự tỉnh'],
  ['CAT', 'Công an tỉnh'],
  ['DPTTH', 'Đài Phát thanh và Truyền hình tỉnh'],
  ['TCT', 'Trường Cao đẳng tỉnh'],
  ['BHXH', 'Bảo hiểm xã hội tỉnh'],
];
const PRESS: readonly (readonly [string, string])[] = [
  ['BAO', 'Báo và Phát thanh, Truyền hình'],
  ['TCVN', 'Tạp chí Văn nghệ'],
];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Lò', 'Lường', 'Quàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Cầm', 'Giàng'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thu', 'Đức', 'Hồng', 'Quốc', 'Thanh'];
const GIVEN = ['An', 'Hương', 'Đức', 'Lan', 'Hùng', 'Mai', 'Tuấn', 'Hà', 'Sơn', 'Thảo', 'Dũng', 'Yến', 'Phong', 'Nga'];

// ------------------------------------------------------------------ values

type Inputs = Record<string, string>;

const TARGET_22: Record<Group, number> = { SO: 24, XA: 12, BC: 200 };
const TARGET_27: Record<Group, number> = { SO: 4, XA: 4, BC: 2 };
const TARGET_28: Record<Group, number> = { SO: 5, XA: 20, BC: 0 };

function yes(rng: Rng, b: boolean): string {
  return rng.next() < 0.95 ? (b ? '1' : '0') : b ? 'có' : 'không';
}

function quarter(x: number): string {
  return String(Math.round(clamp(x, 0, 5) * 4) / 4);
}

/** The unit's self-assessed inputs of one indicator; q in [0, 1] is the unit's overall quality. */
function selfInputs(rng: Rng, code: string, group: Group, q: number): Inputs {
  const u = rng.next();
  const f = () => clamp(rng.gauss(q + 0.08, 0.05 + 0.25 * (1 - q)), 0, 1.4);
  const day = (y1: number, m1: number, y2: number, m2: number) => {
    const a = utc(y1, m1, 1);
    const b = utc(y2, m2, 28);
    return iso(a + rng.int(0, (b - a) / DAY_MS) * DAY_MS);
  };
  switch (code) {
    case '1.1':
      if (u < q) return { value: day(2025, 10, 2025, 12) };
      if (u < q + (1 - q) * 0.5) return { value: day(2026, 1, 2026, 3) };
      if (u < q + (1 - q) * 0.85) return { value: day(2026, 4, 2026, 11) };
      return { value: '' }; // not issued: an empty date is information, not a missing entry
    case '1.2':
      return { value: u < q ? 'plan_and_budget' : u < q + (1 - q) * 0.7 ? 'plan_only' : 'none' };
    case '1.3':
    case '4.1':
      return { value: yes(rng, u < 0.5 + 0.5 * q) };
    case '2.5':
      return { value: yes(rng, u < q - 0.1) };
    case '1.4': {
      const out: Inputs = {};
      for (const [name, due] of [['report_jun', utc(2026, 6, 10)], ['report_dec', utc(2026, 12, 10)]] as const) {
        const v = rng.next();
        if (v < q) out[name] = iso(due - rng.int(0, 12) * DAY_MS);
        else if (v < q + (1 - q) * 0.5) out[name] = iso(due + rng.int(1, 10) * DAY_MS);
        else if (v < q + (1 - q) * 0.8) out[name] = iso(due + rng.int(11, 40) * DAY_MS);
        else out[name] = '';
      }
      return out;
    }
    case '2.1':
      return { value: u < q ? 'active' : u < q + (1 - q) * 0.6 ? 'exists' : 'none' };
    case '2.2':
      return { value: String(Math.round(TARGET_22[group] * f())) };
    case '2.3': {
      // A few units had no task this year: 0/0, not applicable.
      if (u < 0.03) return { numerator: '0', denominator: '0' };
      const den = group === 'SO' ? rng.int(2, 12) : rng.int(1, 6);
      return { numerator: String(Math.min(den, Math.round(den * f()))), denominator: String(den) };
    }
    case '2.4':
      return { value: String(clamp(Math.round(3.3 * f()), 0, 5)) };
    case '2.6':
      return { value: String(Math.round(10 * f())) };
    case '2.7':
      return { value: String(Math.round(TARGET_27[group] * f())) };
    case '2.8':
      return { value: String(Math.round(TARGET_28[group] * f())) };
    case '2.9':
      return { value: String(Math.round(4 * f())) };
    case '3.1': {
      const den = group === 'SO' ? rng.int(35, 180) : group === 'XA' ? rng.int(20, 45) : rng.int(15, 60);
      const num = u < q ? den : Math.round(den * rng.uniform(0.55, 0.99));
      return { numerator: String(num), denominator: String(den) };
    }
    case '3.2': {
      // Over-achievement allowed: the numerator may pass the denominator.
      const den = group === 'SO' ? rng.int(50, 300) : group === 'XA' ? rng.int(800, 4000) : rng.int(30, 80);
      return { numerator: String(Math.round(den * clamp(rng.gauss(q + 0.02, 0.15), 0.2, 1.15))), denominator: String(den) };
    }
    case '3.3': {
      const den = group === 'SO' ? rng.int(3, 10) : group === 'XA' ? rng.int(4, 12) : rng.int(10, 30);
      return { numerator: String(Math.min(den, Math.round(den * 0.4 * f()))), denominator: String(den) };
    }
    case '3.4a': {
      const den = rng.int(3000, 18000);
      return { numerator: String(Math.round(den * clamp(rng.gauss(0.6 * q + 0.04, 0.07), 0.1, 0.95))), denominator: String(den) };
    }
    case '3.4b':
      return { value: String(Math.round(3 * f())) };
    case '3.4c':
      return { value: String(Math.round(24 * f())) };
    case '4.2':
      return { value: String(u < 0.75 * q ? rng.pick([2, 3]) : u < q ? 1 : 0) };
    case '4.3':
      return { value: String(clamp(Math.round(3 * f()), 0, 3)) };
    case '5.1a':
      return { value: String(Math.round(6 * f())) };
    case '5.1b':
      return { value: quarter(5 * clamp(rng.gauss(q, 0.08), 0, 1)) };
  }
  throw new RangeError(`no generator for indicator ${code}`);
}

/** An evaluator's appraisal: mostly the unit's figures, sometimes corrected down after checking the evidence. */
function appraise(rng: Rng, code: string, self: Inputs, strict: number): Inputs {
  const v: Inputs = { ...self };
  if (code === '5.1b') return { value: quarter(Number(v.value) + rng.gauss(-0.2, 0.5)) }; // judgement: evaluators disagree
  if (rng.next() > strict) return v;
  if (code === '1.4') {
    const k = rng.pick(['report_jun', 'report_dec']);
    if (v[k]) v[k] = iso(Date.parse(v[k]!) + rng.int(1, 6) * DAY_MS);
  } else if (code === '1.1') {
    if (v.value) v.value = iso(Date.parse(v.value) + rng.int(3, 40) * DAY_MS);
  } else if ('numerator' in v) {
    v.numerator = String(Math.floor(Number(v.numerator) * rng.uniform(0.7, 0.95)));
  } else if (code === '1.2' || code === '2.1') {
    const order = code === '1.2' ? ['plan_and_budget', 'plan_only', 'none'] : ['active', 'exists', 'none'];
    v.value = order[Math.min(2, order.indexOf(v.value!) + 1)]!;
  } else if (code === '1.3' || code === '4.1' || code === '2.5') {
    if (rng.next() < 0.5) v.value = yes(rng, false);
  } else {
    v.value = String(Math.floor(Number(v.value) * rng.uniform(0.6, 0.95)));
  }
  return v;
}

const EVIDENCE: Record<string, string> = {
  '1.1': 'Kế hoạch số {n}/KH-{s} ngày {d}',
  '1.2': 'Công văn số {n}/{s}-VP ngày {d} gửi Sở KH&CN, Sở Tài chính',
  '1.3': 'Quyết định số {n}/QĐ-{s} ngày {d}',
  '1.4': 'Báo cáo số {n}/BC-{s} ngày {d}',
  '2.1': 'https://{slug}.gov.vn/chuyen-muc-nq57',
  '2.2': 'Báo cáo số {n}/BC-{s} ngày {d}, phụ lục danh mục tin, bài',
  '2.3': 'Danh mục nhiệm vụ KH&CN kèm Báo cáo số {n}/BC-{s}',
  '2.4': 'Danh sách kênh: Fanpage, Zalo OA, YouTube (Báo cáo số {n}/BC-{s})',
  '2.5': 'Báo cáo số {n}/BC-{s} ngày {d}, mục ứng dụng AI',
  '2.6': 'Biên bản bàn giao tài nguyên số {n}/BB-{s}',
  '2.7': 'Báo cáo số {n}/BC-{s} ngày {d}',
  '2.8': 'Báo cáo số {n}/BC-{s}, kèm ảnh pano, băng rôn',
  '2.9': 'Hợp đồng số {n}/HĐ-{s} ngày {d}',
  '3.1': 'Biên bản hội nghị quán triệt ngày {d}',
  '3.2': 'Báo cáo kết quả "Bình dân học vụ số" số {n}/BC-{s}',
  '3.3': 'Danh sách học viên lớp kỹ năng truyền thông số ngày {d}',
  '3.4a': 'Báo cáo số {n}/BC-{s} về hệ thống thông tin cơ sở',
  '3.4b': 'Kế hoạch số {n}/KH-{s} tổ chức sự kiện giới thiệu kết quả nghiên cứu',
  '3.4c': 'Danh mục sản phẩm cho thiếu nhi kèm Báo cáo số {n}/BC-{s}',
  '4.1': 'Quyết định số {n}/QĐ-{s} kiện toàn mạng lưới',
  '4.2': 'Công văn đề xuất số {n}/{s}-VP ngày {d}',
  '4.3': 'Báo cáo số {n}/BC-{s} hưởng ứng các ngày 18/5, 01/10, 10/10',
  '5.1a': 'Danh mục bài viết kèm Báo cáo số {n}/BC-{s}',
  '5.1b': 'Báo cáo số {n}/BC-{s} về xử lý thông tin sai trái',
  T1: 'Quyết định số {n}/QĐ-UBND ngày {d} về việc trao giải',
  T2: 'Công văn số {n}/UBND-KGVX ngày {d} ghi nhận mô hình',
};
const NOTES = [
  'Đã đối chiếu bản gốc',
  'Theo "Sổ theo dõi văn bản đến" của Sở VHTT&DL',
  'Số liệu khớp phụ lục, đã kiểm tra',
  'Giảm điểm: số liệu, tài liệu chưa đầy đủ',
  'Đề nghị bổ sung bản ký số,\r\nđã nhận bản bổ sung ngày 15/01/2027',
];
const EXPLANATIONS = [
  'Hồ sơ lưu tại Văn phòng, bản giấy đã nộp Hội đồng',
  'Văn bản ký số chưa tải lên được, đã gửi qua Hệ thống quản lý văn bản',
];
const REASONS = [
  'Lý do: có báo cáo theo dõi hằng tháng, xử lý kịp thời',
  'Lý do: có theo dõi nhưng chưa báo cáo đầy đủ',
  'Lý do: phát hiện, báo cáo 3 vụ việc; phối hợp gỡ bỏ tin sai',
];

// ------------------------------------------------------------------ the file

interface SynthUnit {
  readonly code: string;
  readonly name: string;
  readonly group: Group;
  readonly symbol: string;
  readonly slug: string;
  readonly q: number;
  readonly evaluators: readonly string[];
}

function defaultGroups(units: number): { XA: number; SO: number; BC: number } {
  if (units < 3) return { XA: units, SO: 0, BC: 0 };
  const BC = Math.max(1, Math.round(units * 0.004));
  const XA = Math.min(units - BC - 1, Math.round((units * 3321) / 4000));
  return { XA, SO: units - XA - BC, BC };
}

export function syntheticCsv(options: SyntheticOptions): SyntheticCsv {
  const { units: n, seed, evaluators } = options;
  const year = options.year ?? 2026;
  const groups = options.groups ?? defaultGroups(n);
  if (groups.XA + groups.SO + groups.BC !== n) throw new RangeError(`groups add up to ${groups.XA + groups.SO + groups.BC}, not ${n}`);
  const provinces = Math.max(1, options.provinces ?? Math.min(34, Math.ceil(n / 60)));
  const rng = new Rng(seed);

  // Evaluator pools, one per province, enough for every unit to get `evaluators` distinct people.
  const poolSize = Math.max(evaluators, 6);
  const pools: string[][] = [];
  for (let p = 0; p < provinces; p++) {
    const pool = new Set<string>();
    while (pool.size < poolSize) pool.add(`${rng.pick(FAMILY)} ${rng.pick(MIDDLE)} ${rng.pick(GIVEN)}${pool.size >= 14 ? ' ' + pool.size : ''}`);
    pools.push([...pool]);
  }
  const panelOf = (p: number): string[] => {
    const pool = [...pools[p]!];
    for (let i = pool.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, evaluators);
  };

  const list: SynthUnit[] = [];
  const provinceName = (p: number) => PROVINCES[p % PROVINCES.length]! + (p >= PROVINCES.length ? ` ${Math.floor(p / PROVINCES.length) + 1}` : '');
  for (let i = 0; i < groups.XA; i++) {
    const p = i % provinces;
    const ward = rng.next() < 0.15;
    const place = `${rng.pick(SYLLABLES)} ${rng.pick(SYLLABLES)}`;
    const code = String(100 + i * 3).padStart(5, '0'); // commune codes: five digits, leading zeros kept
    const q = rng.next() < 0.1 ? rng.uniform(0.94, 0.99) : rng.next() < 0.25 ? rng.uniform(0.3, 0.56) : rng.uniform(0.55, 0.84);
    list.push({ code, name: `UBND ${ward ? 'phường' : 'xã'} ${place}, tỉnh ${provinceName(p)}`, group: 'XA', symbol: 'UBND', slug: `x${code}`, q, evaluators: panelOf(p) });
  }
  for (let i = 0; i < groups.SO; i++) {
    const p = i % provinces;
    const k = Math.floor(i / provinces);
    const [sym, dept] = DEPARTMENTS[k % DEPARTMENTS.length]!;
    const suffix = k >= DEPARTMENTS.length ? ` (${Math.floor(k / DEPARTMENTS.length) + 1})` : '';
    const code = `T${pad2(p + 1)}-${sym}${suffix ? Math.floor(k / DEPARTMENTS.length) + 1 : ''}`;
    list.push({ code, name: `${dept}${suffix}, tỉnh ${provinceName(p)}`, group: 'SO', symbol: sym, slug: `${sym.toLowerCase()}${p + 1}`, q: rng.uniform(0.6, 0.98), evaluators: panelOf(p) });
  }
  for (let i = 0; i < groups.BC; i++) {
    const p = i % provinces;
    const k = Math.floor(i / provinces);
    const [sym, name] = PRESS[k % PRESS.length]!;
    const code = `T${pad2(p + 1)}-${sym}${k >= PRESS.length ? Math.floor(k / PRESS.length) + 1 : ''}`;
    list.push({ code, name: `${name} tỉnh ${provinceName(p)}`, group: 'BC', symbol: sym, slug: `${sym.toLowerCase()}${p + 1}`, q: rng.uniform(0.55, 0.95), evaluators: panelOf(p) });
  }

  const out: string[] = [HEADER];
  let rows = 0;
  let entries = 0;
  /** A document reference; `on` (ISO) is the document's date when the indicator is about that date. */
  const evidence = (code: string, u: SynthUnit, on?: string) =>
    EVIDENCE[code]!.replace('{n}', String(rng.int(3, 480)))
      .replace('{s}', u.symbol)
      .replace('{d}', dmy(on ? Date.parse(on) : utc(2026, 1, 1) + rng.int(0, 360) * DAY_MS))
      .replace('{slug}', u.slug);
  const yearText = String(year);

  const put = (u: SynthUnit, code: string, who: string, inputs: Inputs, ev: string, explanation: string, accepted: boolean, note: string) => {
    entries++;
    const names = Object.keys(inputs);
    const single = names.length === 1 && names[0] === 'value';
    const prefix = `${yearText},${field(u.code)},${field(u.name)},${u.group},${code},`;
    names.forEach((name, i) => {
      // The document, explanation and note go on the entry's first row, as people fill them in.
      const first = i === 0;
      out.push(
        prefix +
          `${single ? '' : name},${field(inputs[name]!)},${field(who)},${first ? field(ev) : ''},` +
          `${first ? field(explanation) : ''},${first && accepted ? '1' : ''},${first ? field(note) : ''}`,
      );
      rows++;
    });
  };

  for (const u of list) {
    const star = u.q >= 0.94;
    for (const code of indicatorsFor(u.group)) {
      const self = selfInputs(rng, code, u.group, u.q);
      // Evidence: most self-assessments carry a document; some have none, and some of those an accepted explanation.
      const r = rng.next();
      const on = code === '1.1' ? self.value : code === '1.4' ? self.report_jun || self.report_dec : undefined;
      const ev = r < 0.93 ? evidence(code, u, on || undefined) : '';
      const explanation = code === '5.1b' ? rng.pick(REASONS) : r >= 0.93 && r < 0.97 ? rng.pick(EXPLANATIONS) : '';
      const accepted = explanation !== '' && code !== '5.1b' && rng.next() < 0.8;
      const note = rng.next() < 0.03 ? rng.pick(NOTES.slice(0, 3)) : '';
      put(u, code, '', self, ev, explanation, accepted, note);
      for (const who of u.evaluators) {
        const inputs = appraise(rng, code, self, star ? 0.08 : 0.25);
        const reason = code === '5.1b' ? rng.pick(REASONS) : '';
        const n2 = rng.next();
        const evNote = n2 < 0.001 ? NOTES[4]! : n2 < 0.06 ? rng.pick(NOTES.slice(0, 4)) : '';
        put(u, code, who, inputs, '', reason, false, evNote);
      }
    }
    // Bonus and deduction items.
    if (rng.next() < 0.12 + 0.2 * u.q) {
      const t1 = { provincial: String(rng.pick([1, 1, 2])), national: String(rng.pick([0, 0, 0, 1])) };
      put(u, 'T1', '', t1, evidence('T1', u), '', false, '');
      for (const who of u.evaluators) put(u, 'T1', who, { ...t1 }, '', '', false, '');
    }
    if (rng.next() < 0.08 + 0.1 * u.q) {
      put(u, 'T2', '', { value: '1' }, evidence('T2', u), '', false, '');
      for (const who of u.evaluators) put(u, 'T2', who, { value: rng.next() < 0.9 ? '1' : '0' }, '', '', false, '');
    }
    for (const who of u.evaluators) {
      if (rng.next() < 0.4) put(u, 'D1', who, { value: rng.next() < 0.01 ? '1' : '0' }, '', '', false, '');
      if (rng.next() < 0.3) put(u, 'D2', who, { value: String(rng.next() < 0.05 ? rng.int(1, 2) : 0) }, '', '', false, '');
    }
  }
  return { csv: '\uFEFF' + out.join('\r\n') + '\r\n', rows, groups, entries };
}
