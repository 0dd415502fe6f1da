/**
 * The AG Grid features the app's grids use, registered once. Not AllCommunityModule: it brings every
 * community feature (charts integration, CSV export, column menus, …), about half a megabyte of script the
 * app parses at start for nothing. A grid that uses a feature not listed here logs AG Grid error #200 (a
 * console error, which fails the end-to-end tests): add its module here. Also the grids' shared texts.
 */
import type { Lang } from '../../../shared/i18n/text';
import {
  CellApiModule,
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  CustomEditorModule,
  EventApiModule,
  LargeTextEditorModule,
  LocaleModule,
  ModuleRegistry,
  NumberFilterModule,
  QuickFilterModule,
  RenderApiModule,
  RowApiModule,
  RowAutoHeightModule,
  RowSelectionModule,
  RowStyleModule,
  ScrollApiModule,
  SelectEditorModule,
  TextEditorModule,
  TextFilterModule,
  TooltipModule,
} from 'ag-grid-community';

ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  ClientSideRowModelApiModule,
  TextEditorModule,
  SelectEditorModule,
  LargeTextEditorModule,
  LocaleModule,
  CustomEditorModule,
  TooltipModule,
  RowStyleModule,
  CellStyleModule,
  TextFilterModule,
  NumberFilterModule,
  QuickFilterModule,
  RowSelectionModule,
  RowAutoHeightModule,
  CellApiModule,
  ColumnApiModule,
  RowApiModule,
  RenderApiModule,
  ScrollApiModule,
  EventApiModule,
]);

const LOCALE_VI: Record<string, string> = { noRowsToShow: 'Không có dòng nào', loadingOoo: 'Đang tải…' };
const LOCALE_EN: Record<string, string> = {};

/** The grid's own texts in the language shown (AG Grid's are English). The same object each time: a new one would make the grid apply it again. */
export function gridLocaleText(lang: Lang): Record<string, string> {
  return lang === 'vi' ? LOCALE_VI : LOCALE_EN;
}
