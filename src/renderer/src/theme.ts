/**
 * A calm, high-contrast palette for long days: Naive UI's colours on the staff screens built
 * with it (the counter, the manager, the reports, the settings; NaiveShell.vue), the same as
 * styles.css gives the plain pages. Chinese is set in Noto Sans CJK SC (Linux) or Microsoft
 * YaHei (Windows).
 */
import type { GlobalThemeOverrides } from 'naive-ui'

export const FONT_STACK = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', system-ui, sans-serif"

const common = {
  fontFamily: FONT_STACK,
  fontFamilyMono: "'Noto Sans Mono CJK SC', 'Cascadia Mono', Consolas, monospace",
  primaryColor: '#0b5cad',
  primaryColorHover: '#1f6fbf',
  primaryColorPressed: '#084a8c',
  primaryColorSuppl: '#1f6fbf',
  successColor: '#17784a',
  successColorHover: '#1e8a57',
  successColorPressed: '#11603b',
  warningColor: '#b45f06',
  warningColorHover: '#c96d0c',
  warningColorPressed: '#8f4a03',
  errorColor: '#c0342b',
  errorColorHover: '#d1453b',
  errorColorPressed: '#9c2820',
  borderRadius: '8px',
  fontSize: '16px',
  fontSizeMedium: '16px',
  fontSizeLarge: '18px',
  heightMedium: '40px',
  heightLarge: '48px',
}

export const lightOverrides: GlobalThemeOverrides = {
  common: { ...common, textColorBase: '#14191f', textColor1: '#14191f', textColor2: '#28313b', textColor3: '#4d5866', bodyColor: '#eef1f5' },
  Card: { titleFontSizeMedium: '20px', titleFontWeight: '600' },
}
