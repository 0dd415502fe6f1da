/**
 * The AG Grid features the app's grids use, registered once. Not AllCommunityModule: it brings every
 * community feature (charts integration, CSV export, column menus, …), about half a megabyte of script the
 * app parses at start for nothing. A grid that uses a feature not listed here logs AG Grid error #200 (a
 * console error, which fails the end-to-end tests): add its module here.
 */
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
