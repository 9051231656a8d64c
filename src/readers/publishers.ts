/**
 * Publishers known by their web or e-mail host. Scraped text often names its
 * publisher only through an address (a byline's e-mail, a post's link).
 */
const KNOWN_HOSTS: Record<string, string> = {
  'donga.com': 'The Dong-A Ilbo',
  'koreapro.org': 'Korea Pro',
  'koreaherald.com': 'The Korea Herald',
  'koreatimes.co.kr': 'The Korea Times',
  'joongang.co.kr': 'JoongAng Ilbo',
  'chosun.com': 'The Chosun Ilbo',
  'hani.co.kr': 'The Hankyoreh',
  'yna.co.kr': 'Yonhap News Agency',
  'nknews.org': 'NK News',
  'asiatimes.com': 'Asia Times',
  'menafn.com': 'MENAFN',
  'taipeitimes.com': 'Taipei Times',
  'project-syndicate.org': 'Project Syndicate',
  'pacforum.org': 'Pacific Forum',
  'sejong.org': 'The Sejong Institute',
  'asaninst.org': 'Asan Institute for Policy Studies',
  'csis.org': 'Center for Strategic and International Studies',
  'brookings.edu': 'Brookings Institution',
  'nikkei.com': 'Nikkei',
  'asahi.com': 'The Asahi Shimbun',
  'japantimes.co.jp': 'The Japan Times',
  'scmp.com': 'South China Morning Post',
  'nytimes.com': 'The New York Times',
  'washingtonpost.com': 'The Washington Post',
  'reuters.com': 'Reuters',
  'apnews.com': 'Associated Press',
  'bbc.co.uk': 'BBC',
  'bbc.com': 'BBC',
}

const SECOND_LEVEL = new Set(['co', 'or', 'go', 'ac', 'ne', 're', 'com', 'org', 'net', 'gov', 'edu'])

/** The registrable part of a host name: `news.donga.com` → `donga.com`, `www.hani.co.kr` → `hani.co.kr`. */
export function registrableHost(host: string): string {
  const parts = host.toLowerCase().replace(/\.$/, '').split('.')
  if (parts.length <= 2) return parts.join('.')
  const keep = SECOND_LEVEL.has(parts[parts.length - 2]!) && parts[parts.length - 1]!.length === 2 ? 3 : 2
  return parts.slice(-keep).join('.')
}

/** The publisher behind a host: from the table, else the host's name capitalized (`harbor-daily.com` → `Harbor Daily`). */
export function publisherFromHost(host: string): string | null {
  const base = registrableHost(host)
  const known = KNOWN_HOSTS[base]
  if (known) return known
  const name = base.split('.')[0]
  if (!name || name.length < 2) return null
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ')
}

export function publisherFromUrl(url: string): string | null {
  try {
    return publisherFromHost(new URL(url).hostname)
  } catch {
    return null
  }
}

export function publisherFromEmail(email: string): string | null {
  const at = email.lastIndexOf('@')
  return at === -1 ? null : publisherFromHost(email.slice(at + 1))
}
