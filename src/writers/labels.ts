/** The words a built brief adds around the author's text, in the brief's language. */
export interface Labels {
  bibliography: string
  references: string
  claimsUsed: string
  claimColumns: [string, string, string, string]
  abstract: string
  /** Quotation marks for a claim quoted inside a sentence. */
  open: string
  close: string
}

const LABELS: Record<string, Labels> = {
  en: { bibliography: 'Bibliography', references: 'References', claimsUsed: 'Claims used', claimColumns: ['Claim', 'Source', 'Section', 'Text'], abstract: 'Summary.', open: '“', close: '”' },
  ko: { bibliography: '참고문헌', references: '참고문헌', claimsUsed: '인용한 주장', claimColumns: ['주장', '출처', '위치', '원문'], abstract: '요약.', open: '“', close: '”' },
  ja: { bibliography: '参考文献', references: '参考文献', claimsUsed: '使用した主張', claimColumns: ['主張', '出典', '箇所', '原文'], abstract: '要旨。', open: '「', close: '」' },
  zh: { bibliography: '参考文献', references: '参考文献', claimsUsed: '引用的论点', claimColumns: ['论点', '来源', '位置', '原文'], abstract: '摘要。', open: '“', close: '”' },
}

export function labelsFor(lang: string | null): Labels {
  return LABELS[(lang ?? 'en').slice(0, 2).toLowerCase()] ?? LABELS.en!
}
