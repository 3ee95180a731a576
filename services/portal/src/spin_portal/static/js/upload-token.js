// Upload permissions for ingest, fetched from the portal. They live minutes, so every request an
// upload makes asks for one that is still valid well past its start, renewing when needed.
import { ApiError, requestJSON } from './workspace-api.js'
import { tr } from './words.js'

const LONGEST_MARGIN_MS = 60_000

export class SessionExpiredError extends Error {
  constructor() {
    super(tr('Your session has expired: log in again in another tab, then press Resume.'))
    this.name = 'SessionExpiredError'
  }
}

// The server's clock from the Date header, so a wrong clock on a tablet cannot misjudge expiry.
function clockSkew(headers) {
  const server = Date.parse(headers.get('date') ?? '')
  return Number.isNaN(server) ? 0 : server - Date.now()
}

export class UploadTokens {
  constructor(url) {
    this.url = url
    this.current = null
    this.pending = null
  }

  // A permission valid for a good while yet (a quarter of its life, at most a minute).
  async fresh() {
    const current = this.current
    if (current && current.expiresAt - Date.now() > current.margin) return current
    return this.renew()
  }

  renew() {
    if (!this.pending) {
      this.pending = this.#fetch().finally(() => {
        this.pending = null
      })
    }
    return this.pending
  }

  // Ingest refused this token (401): the next request fetches a new one.
  invalidate(token) {
    if (!token || this.current?.token === token) this.current = null
  }

  async #fetch() {
    let answer
    try {
      answer = await requestJSON(this.url)
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) throw new SessionExpiredError()
      throw error
    }
    const { data, headers } = answer
    const expiresAt = Date.parse(data.expires_at) - clockSkew(headers)
    const life = Math.max(0, expiresAt - Date.now())
    this.current = {
      token: data.token,
      endpoint: data.endpoint,
      metadata: data.metadata ?? {},
      expiresAt,
      margin: Math.min(LONGEST_MARGIN_MS, life / 4),
    }
    return this.current
  }
}
