// JSON over fetch with the session cookie and Django's CSRF token.

export class ApiError extends Error {
  constructor(status, body) {
    super(ApiError.describe(body) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }

  // DRF answers {"field": ["message"]} or {"detail": "message"}: show the messages themselves.
  static describe(body) {
    if (!body || typeof body !== "object") return "";
    const messages = [];
    for (const value of Object.values(body)) {
      if (Array.isArray(value)) messages.push(...value.map(String));
      else if (typeof value === "string") messages.push(value);
    }
    return messages.join(" ");
  }
}

export function makeApi(csrfToken) {
  async function request(method, url, body) {
    const options = {
      method,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(url, options);
    if (response.status === 204) return null;
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }
  return {
    get: (url) => request("GET", url),
    post: (url, body) => request("POST", url, body),
    patch: (url, body) => request("PATCH", url, body),
    del: (url) => request("DELETE", url),
  };
}
