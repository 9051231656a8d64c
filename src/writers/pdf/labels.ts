/** The words the PDF adds beyond the Markdown's (labels.ts), per language. */
export interface PdfLabels {
  notes: string
  contents: string
  /** `{page}` and `{pages}` are filled in. */
  pageOf: string
  to: string
  from: string
  date: string
  subject: string
  bottomLine: string
  executiveSummary: string
  memorandum: string
}

const LABELS: Record<string, PdfLabels> = {
  en: { notes: 'Notes', contents: 'Contents', pageOf: 'Page {page} of {pages}', to: 'To', from: 'From', date: 'Date', subject: 'Subject', bottomLine: 'Bottom line', executiveSummary: 'Executive summary', memorandum: 'Memorandum' },
  ko: { notes: '주', contents: '목차', pageOf: '{page} / {pages}쪽', to: '수신', from: '발신', date: '날짜', subject: '제목', bottomLine: '핵심', executiveSummary: '요약', memorandum: '메모' },
  ja: { notes: '注', contents: '目次', pageOf: '{page} / {pages} ページ', to: '宛先', from: '差出人', date: '日付', subject: '件名', bottomLine: '要点', executiveSummary: '要旨', memorandum: 'メモ' },
  zh: { notes: '注释', contents: '目录', pageOf: '第 {page} 页，共 {pages} 页', to: '收件人', from: '发件人', date: '日期', subject: '主题', bottomLine: '要点', executiveSummary: '摘要', memorandum: '备忘录' },
}

export function pdfLabelsFor(lang: string | null): PdfLabels {
  return LABELS[(lang ?? 'en').slice(0, 2).toLowerCase()] ?? LABELS.en!
}
