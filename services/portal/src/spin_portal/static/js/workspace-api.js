// JSON requests of the practitioner workspace: the portal's session cookie, the CSRF header on
// every write, and the portal's error answers turned into sentences a person can act on.
import { tr } from './words.js'

const SESSION_EXPIRED = tr('Your session has expired: log in again in another tab, then try again.')

export class ApiError extends Error {
  constructor(status, data, message) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.data = data
  }

  // [{field, message}] from a 422 whose detail is a list (loc's last part names the field).
  get fieldErrors() {
    const detail = this.data?.detail
    if (!Array.isArray(detail)) return []
    return detail.map((item) => ({
      field: Array.isArray(item.loc) && item.loc.length ? String(item.loc[item.loc.length - 1]) : '',
      message: String(item.msg ?? tr('is not valid')),
    }))
  }
}

export function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? ''
}

function fallbackSentence(status) {
  if (status === 401) return SESSION_EXPIRED
  if (status === 403) return tr('You may not do this for this case.')
  if (status === 404) return tr('The portal no longer knows this item; reload the page.')
  if (status >= 500) return tr('The portal could not do this just now (error %(status)s); try again in a moment.', { status })
  return tr('The portal refused this (error %(status)s).', { status })
}

export function describeProblem(status, data) {
  const detail = data?.detail
  if (status === 401 && typeof detail !== 'string') return SESSION_EXPIRED
  if (typeof detail === 'string' && detail) return detail
  if (Array.isArray(detail) && detail.length) {
    return detail.map((item) => String(item.msg ?? '')).filter(Boolean).join(' ')
  }
  return fallbackSentence(status)
}

async function readBody(response) {
  const type = response.headers.get('content-type') ?? ''
  if (response.status === 204) return null
  if (!type.includes('json')) return { text: await response.text() }
  try {
    return await response.json()
  } catch {
    return null
  }
}

// A redirect to the login page instead of JSON means the session ended.
function endedSession(response, data) {
  return response.redirected && data && 'text' in data && !('detail' in data)
}

export async function requestJSON(url, { method = 'GET', body, ifMatch } = {}) {
  const headers = { Accept: 'application/json' }
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken()
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = `"${ifMatch}"`
  let response
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, null, tr('The portal cannot be reached: check the network connection and try again.'))
  }
  const data = await readBody(response)
  if (endedSession(response, data)) throw new ApiError(401, null, SESSION_EXPIRED)
  if (!response.ok) throw new ApiError(response.status, data, describeProblem(response.status, data))
  return { status: response.status, data, headers: response.headers }
}
