/** What a CLI command returns, and the shared ways to fail: wrong usage (exit 2) and refused input (exit 1). */
import { parseArgs } from 'node:util';
import { formatProblem, type Problem } from '../shared/problems';
import type { Text } from '../shared/i18n/text';

export interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export const USAGE = `Cách dùng / Usage: npm run -s cli -- <lệnh / command> …
  validate <criteria.json>                              kiểm tra tệp bộ tiêu chí / check a criteria file
  score --data <file.csv> --year Y (--json|--csv)       chấm điểm tệp CSV trao đổi / score an interchange CSV
        [--criteria <file>] [--panel mean|median|trimmed] [--lang vi|en]
  score <file.nq57> --year Y (--json|--csv)             chấm điểm tệp đánh giá / score an evaluation file
  init <file.nq57> [--year Y]… [--province P]           tạo tệp đánh giá mới / create an evaluation file
  demo <file.nq57>                                      tạo tệp mẫu Điện Biên / create the Điện Biên demo file
  import <file.nq57> <data.csv|data.xlsx>…              nhập dữ liệu (tất cả hoặc không) / import (all or nothing)
  template <file.nq57> --year Y --out <dir> [--unit U]… mẫu tự đánh giá .xlsx / self-assessment workbooks
  export-csv <file.nq57> [--year Y]                     xuất CSV trao đổi / export the interchange CSV
  merge <master.nq57> <other.nq57>…                     gộp tệp của thành viên / merge evaluators' files
  conflicts <file.nq57> [--all]                         liệt kê xung đột / list conflicts
  resolve <file.nq57> <conflict-id> --keep master|other --reason <text>
  consensus <file.nq57> --year Y                        liệt kê điểm thống nhất / list consensus values
  consensus <file.nq57> --year Y --unit U --indicator C (--points P | --clear) --reason <text> --by <name>
                                                        đặt hoặc bỏ điểm thống nhất / set or clear a consensus value
  finalize <file.nq57> --year Y --by <name>             chốt kết quả năm / finalise a year's results
  reopen <file.nq57> --year Y --by <name> --reason <text>   mở lại kết quả đã chốt / reopen final results
  override <file.nq57> --year Y --unit U (--proposal <code|none> | --clear) --reason <text> --by <name>
                                                        điều chỉnh đề xuất khen thưởng / override a reward proposal
  attach <file.nq57> --year Y --unit U --indicator I [--evaluator E] <document>…
  check <file.nq57>                                     kiểm tra toàn vẹn, tệp đính kèm / integrity and attachments
  backups <file.nq57>                                   liệt kê bản sao lưu / list backups
  restore <file.nq57> <backup>                          khôi phục bản sao lưu / restore a backup
  pack <file.nq57> <archive.zip>                        đóng gói tệp và tệp đính kèm / pack file and attachments
  unpack <archive.zip> <folder>                         giải nén trên máy khác / unpack on another laptop
  compare <file.nq57> --from Y1 --to Y2 (--json|--csv [--table units|indicators|changes])
                                                        so sánh các năm / compare years (also --data <file.csv>)
  targets <file.nq57> --year Y (--json|--csv)           mục tiêu của kế hoạch / the plan's targets (also --data <file.csv>)
  export <file.nq57> --year Y --what rankings|nominations|scorecards|all --format xlsx|pdf|csv|json|html --out <path>
        [--unit U]…                                     xuất kết quả, danh sách đề nghị khen thưởng, phiếu điểm / export results
                                                        (--what all: --out là thư mục / is a folder; PDF cần / needs Chromium)
  Tuỳ chọn chung / common option: --as <tên người thao tác / name of the person acting>
`;

export const done = (stdout: string, stderr = ''): CliOutput => ({ code: 0, stdout, stderr });
export const usage = (why: string): CliOutput => ({ code: 2, stdout: '', stderr: `${why}\n${USAGE}` });
export const failed = (problems: readonly Problem[], stdout = ''): CliOutput => ({
  code: 1,
  stdout,
  stderr: problems.map(formatProblem).join('\n') + '\n',
});
export const refused = (t: Text, file?: string): CliOutput => failed([{ ...(file ? { file } : {}), message: t }]);

type Spec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

export interface Parsed {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

/** node:util parseArgs with messages in both languages; returns a string on wrong usage. */
export function parse(args: readonly string[], options: Spec): Parsed | string {
  try {
    const r = parseArgs({ args: [...args], options: { as: { type: 'string' }, ...options }, allowPositionals: true, strict: true });
    return { positionals: r.positionals, values: r.values as Parsed['values'] };
  } catch (e) {
    return `Tham số không hợp lệ / Invalid arguments: ${e instanceof Error ? e.message : String(e)}`;
  }
}

export const str = (p: Parsed, k: string): string | undefined => {
  const v = p.values[k];
  return typeof v === 'string' ? v : undefined;
};

/** The person acting, recorded in the audit log: --as, else the OS user. */
export const actorOf = (p: Parsed): string => str(p, 'as') ?? process.env.USER ?? process.env.USERNAME ?? 'cli';
