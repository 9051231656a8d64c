// Revised Romanization of Korean, syllable by syllable, for citation keys: `김2024한일` is hard
// to type in a Markdown brief, `kim2024hanil` is not. Sound changes across syllables are not
// applied; a key only has to be readable and stable.

const INITIALS = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h']
const MEDIALS = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i']
const FINALS = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't']

// Family names have their own customary spellings (Lee, not I; Park, not Bak).
const SURNAMES: Record<string, string> = {
  김: 'kim', 이: 'lee', 박: 'park', 최: 'choi', 정: 'jung', 강: 'kang', 조: 'cho', 윤: 'yoon', 장: 'jang', 임: 'lim',
  한: 'han', 오: 'oh', 서: 'seo', 신: 'shin', 권: 'kwon', 황: 'hwang', 안: 'ahn', 송: 'song', 류: 'ryu', 유: 'yoo',
  홍: 'hong', 전: 'jeon', 고: 'go', 문: 'moon', 양: 'yang', 손: 'son', 배: 'bae', 백: 'baek', 허: 'heo', 노: 'noh',
  남: 'nam', 심: 'shim', 하: 'ha', 곽: 'kwak', 성: 'sung', 차: 'cha', 주: 'joo', 우: 'woo', 구: 'koo', 민: 'min',
  진: 'jin', 나: 'na', 지: 'ji', 엄: 'eom', 변: 'byun', 채: 'chae', 원: 'won', 천: 'cheon', 방: 'bang', 공: 'kong',
  현: 'hyun', 함: 'ham', 여: 'yeo', 염: 'yeom', 석: 'seok', 추: 'choo', 도: 'do', 소: 'so', 설: 'seol', 선: 'sun',
  마: 'ma', 길: 'gil', 연: 'yeon', 위: 'wi', 표: 'pyo', 명: 'myung', 기: 'ki', 반: 'ban', 왕: 'wang', 금: 'keum',
  옥: 'ok', 육: 'yook', 인: 'in', 맹: 'maeng', 제: 'je', 모: 'mo', 탁: 'tak', 국: 'kook',
}

const FIRST = 0xac00
const LAST = 0xd7a3

/** Romanizes the Hangul syllables in `text`; other characters pass through. */
export function romanizeHangul(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < FIRST || code > LAST) {
      out += text.charAt(i)
      continue
    }
    const index = code - FIRST
    const initial = INITIALS[Math.floor(index / 588)]!
    const medial = MEDIALS[Math.floor((index % 588) / 28)]!
    const final = FINALS[index % 28]!
    out += initial + medial + final
  }
  return out
}

/** A Korean family name in its customary spelling (`김` → `kim`); other names pass through romanized. */
export function romanizeSurname(name: string): string {
  return SURNAMES[name] ?? romanizeHangul(name)
}
