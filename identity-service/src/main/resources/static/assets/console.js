// What the consoles (/account/, /admin/) share: signing in as our public OAuth client "console" (code + PKCE S256
// through the gateway, tokens kept in memory only), calling the public JSON APIs with the access token, and the
// helpers that build the page. No inline script or style (the page's CSP forbids them): the DOM is built with
// createElement and textContent, never from HTML, and styled by classes only.
window.Console = (function () {
  "use strict";

  const FLOW = "console.authorization"; // sessionStorage: the authorization request under way
  const basePath = "/" + document.body.dataset.console + "/";
  const redirectUri = location.origin + basePath;
  // the operator console signs in with a second factor from the start: the admin APIs need it (RFC 9470 step-up)
  const stepUp = document.body.dataset.console === "admin" ? { acr_values: "aal2" } : {};
  // a 401 this soon after signing in is not an expired token: signing in again would loop
  const FRESH_MS = 10000;
  let accessToken = null;
  let idToken = null;
  let signedInAt = 0;
  let resumeAt = ""; // the section of the last action: where a fresh sign-in comes back to
  let leaving = null; // the authorization request once started: calls failing meanwhile wait for the page to go
  let ids = 0;

  // --- signing in ---

  function base64url(bytes) {
    return btoa(String.fromCharCode(...new Uint8Array(bytes)))
        .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function random() {
    return base64url(crypto.getRandomValues(new Uint8Array(32)));
  }

  /** This page's query without the authorization response's parameters. */
  function ownQuery() {
    const params = new URLSearchParams(location.search);
    ["code", "state", "iss", "error", "error_description", "error_uri"].forEach(function (name) {
      params.delete(name);
    });
    const query = params.toString();
    return query ? "?" + query : "";
  }

  /**
   * Leaves for /oauth2/authorize, with the parameters of extra (max_age, acr_values) besides the request's own; the
   * page's query and section come back after the sign-in.
   */
  async function authorize(extra, note) {
    if (leaving) {
      return leaving;
    }
    leaving = new Promise(function () { /* the page is leaving */ });
    const flow = { state: random(), verifier: random(), note: note,
      back: ownQuery() + (resumeAt ? "#" + resumeAt : location.hash) };
    sessionStorage.setItem(FLOW, JSON.stringify(flow));
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(flow.verifier));
    location.assign("/oauth2/authorize?" + new URLSearchParams({ response_type: "code", client_id: "console",
      redirect_uri: redirectUri, scope: "openid profile email", state: flow.state,
      code_challenge: base64url(digest), code_challenge_method: "S256", ...stepUp, ...extra }));
    return leaving;
  }

  /** A sign-in that went wrong: said, with a button to start again. */
  function signInFailed(detail) {
    fail({ title: "Signing in did not work", detail: detail });
    document.getElementById("app").setAttribute("aria-busy", "false");
    document.getElementById("loading").replaceChildren(el("button", { type: "button", class: "primary",
      text: "Sign in again", on: { click: function () { authorize({}); } } }));
  }

  /** The tokens for the authorization code, or an Error saying why not. */
  async function exchange(code, verifier) {
    const response = await fetch("/oauth2/token", { method: "POST", body: new URLSearchParams({
      grant_type: "authorization_code", code: code, redirect_uri: redirectUri, client_id: "console",
      code_verifier: verifier }) });
    const tokens = await response.json().catch(function () { return {}; });
    if (!response.ok) {
      throw new Error(tokens.error_description || tokens.error || "The sign-in service did not answer.");
    }
    return tokens;
  }

  /**
   * Signs in, then calls render(). Back from /oauth2/authorize with this tab's state, the code is exchanged for
   * tokens; otherwise the authorization request starts (silent while the browser is signed in at identity).
   */
  async function start(render) {
    const params = new URLSearchParams(location.search);
    const flow = JSON.parse(sessionStorage.getItem(FLOW) || "null");
    sessionStorage.removeItem(FLOW);
    if (!flow || params.get("state") !== flow.state || !(params.has("code") || params.has("error"))) {
      return authorize({});
    }
    history.replaceState(null, "", basePath + flow.back);
    if (params.has("error")) {
      return signInFailed(params.get("error_description") || params.get("error"));
    }
    let tokens;
    try {
      tokens = await exchange(params.get("code"), flow.verifier);
    } catch (error) {
      return signInFailed(error.message);
    }
    accessToken = tokens.access_token;
    idToken = tokens.id_token;
    signedInAt = Date.now();
    try {
      await render();
    } catch (error) {
      fail(error);
    }
    document.getElementById("app").setAttribute("aria-busy", "false");
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) {
      target.focus();
    }
    if (flow.note) {
      say(flow.note);
    }
  }

  /** Signs in again now (max_age=0), whatever the browser's session, and comes back to the last section used. */
  function reauthenticate(acrValues) {
    return authorize(acrValues ? { max_age: "0", acr_values: acrValues } : { max_age: "0" },
        "You signed in again: please do it once more.");
  }

  /** The access token's claims. */
  function claims() {
    const payload = accessToken.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), function (c) {
      return c.charCodeAt(0);
    })));
  }

  /** Ends the sign-in at identity (RP-initiated logout) and lands on the sign-in page. */
  function signOut() {
    if (!idToken) {
      location.assign("/logout");
      return;
    }
    location.assign("/connect/logout?" + new URLSearchParams({ id_token_hint: idToken,
      post_logout_redirect_uri: location.origin + "/login?logout", client_id: "console" }));
  }

  // --- the APIs ---

  /** An Error carrying the RFC 9457 problem of a refused call. */
  function problem(response, body) {
    const p = body || {};
    const error = new Error(p.detail || p.title || "The request failed (" + response.status + ").");
    return Object.assign(error, { status: response.status, title: p.title || "The request failed",
      detail: p.detail, errors: p.errors || [] });
  }

  /**
   * Calls an API with the access token: {data, etag} (data null for 204), or throws the problem. A 401 asking for
   * a fresher sign-in (RFC 9470) signs in again with max_age=0; any other 401 (the token expired) signs in again.
   */
  async function apiWithEtag(method, path, body, headers) {
    const init = { method: method, headers: Object.assign({ Authorization: "Bearer " + accessToken }, headers) };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    if (response.status === 401) {
      const challenge = response.headers.get("WWW-Authenticate") || "";
      if (challenge.includes("insufficient_user_authentication")) {
        const acr = /acr_values="([^"]*)"/.exec(challenge);
        return reauthenticate(acr && acr[1]);
      }
      if (Date.now() - signedInAt > FRESH_MS) {
        return authorize({});
      }
    }
    const json = (response.headers.get("Content-Type") || "").includes("json");
    const data = json ? await response.json() : null;
    if (!response.ok) {
      throw problem(response, data);
    }
    return { data: data, etag: response.headers.get("ETag") };
  }

  async function api(method, path, body, headers) {
    return (await apiWithEtag(method, path, body, headers)).data;
  }

  // --- building the page ---

  /**
   * An element: attrs are text, class, value, on ({click: fn}) and any attribute (id, for, type, name, href,
   * download, aria-*, data-*...; true sets it empty, false, null and undefined leave it out); children are nodes or
   * strings (text), nested arrays flattened.
   */
  function el(tag, attrs, ...children) {
    const { text, on, ...rest } = attrs || {};
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    node.append(...children.flat(Infinity).filter(function (c) {
      return c !== null && c !== undefined && c !== false;
    }));
    Object.entries(on || {}).forEach(function ([type, listener]) { node.addEventListener(type, listener); });
    Object.entries(rest).forEach(function ([name, value]) {
      if (value === null || value === undefined || value === false) {
        return;
      }
      if (name === "class") {
        node.className = value;
      } else if (name === "value") {
        node.value = value; // after the children: a select has its options by now
      } else {
        node.setAttribute(name, value === true ? "" : value);
      }
    });
    return node;
  }

  /** A section titled by its heading, whose id the navigation links to and focus returns to. */
  function section(id, title) {
    return el("section", { class: "card", "aria-labelledby": id }, el("h2", { id: id, tabindex: "-1", text: title }));
  }

  /** "displayName" → "Display name", "email.account" → "Email: account". */
  function words(key) {
    const text = key.replace(/\./g, ": ").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /** Says something in the status live region. */
  function say(text) {
    document.getElementById("status").textContent = text;
  }

  /** Shows (and announces) what went wrong: the problem's title, its detail and the fields it names. */
  function fail(error) {
    const errors = error.errors || [];
    document.getElementById("problem").replaceChildren(
        el("p", { class: "title", text: error.title || "Something went wrong" }),
        el("p", { text: error.detail || error.message }),
        errors.length ? el("ul", {}, errors.map(function (e) {
          return el("li", { text: (e.field ? words(e.field) + ": " : "") + e.message });
        })) : null);
    say("");
  }

  /** Runs an action of button (one at a time): messages cleared first, its problem shown if it fails. */
  async function run(button, task, form) {
    if (button.getAttribute("aria-disabled") === "true") {
      return;
    }
    button.setAttribute("aria-disabled", "true"); // not disabled: the button keeps the focus
    const where = button.closest("section");
    resumeAt = where ? where.getAttribute("aria-labelledby") : "";
    document.getElementById("problem").replaceChildren();
    say("");
    if (form) {
      form.querySelectorAll("[aria-invalid]").forEach(function (input) { input.removeAttribute("aria-invalid"); });
    }
    try {
      await task();
    } catch (error) {
      fail(error);
      (error.errors || []).forEach(function (e) {
        const input = form && e.field && form.elements[e.field];
        if (input && input.setAttribute) {
          input.setAttribute("aria-invalid", "true");
        }
      });
    } finally {
      button.removeAttribute("aria-disabled");
    }
  }

  /** A click listener running task as an action of the clicked button. */
  function action(task) {
    return function (event) {
      run(event.currentTarget, task);
    };
  }

  /**
   * One labelled field: {name, label, type (text by default, or textarea, select, checkbox...), id, value,
   * options ([value, label] pairs), hint, hideLabel, and any attribute of the input (required, minlength...)}.
   */
  function field(spec) {
    const { label, hint, options, hideLabel, type = "text", id = "field-" + (++ids), ...attrs } = spec;
    const tag = type === "textarea" || type === "select" ? type : "input";
    const hintId = hint ? id + "-hint" : null;
    const input = el(tag, Object.assign({ id: id, type: tag === "input" ? type : null, "aria-describedby": hintId },
        attrs), (options || []).map(function ([value, text]) { return el("option", { value: value, text: text }); }));
    const name = el("label", { for: id, class: hideLabel ? "visually-hidden" : null, text: label });
    const help = hint ? el("span", { id: hintId, class: "hint", text: hint }) : null;
    return type === "checkbox" ? el("p", { class: "check" }, input, name, help)
        : el("p", { class: "field" }, name, input, help);
  }

  /**
   * A form of labelled fields and a submit button (a label, or the button's attributes), sending
   * onSubmit(values, form): checkboxes give booleans, number fields numbers (null when empty), the rest text.
   * attrs are the form's, with legend to group the fields in a fieldset.
   */
  function form(fields, submit, onSubmit, attrs) {
    const { legend, ...formAttrs } = attrs || {};
    const rows = fields.map(field);
    const button = el("button", Object.assign({ type: "submit", class: "primary" },
        typeof submit === "string" ? { text: submit } : submit));
    const node = el("form", formAttrs, legend ? el("fieldset", {}, el("legend", { text: legend }), rows) : rows,
        button);
    node.addEventListener("submit", function (event) {
      event.preventDefault();
      const values = {};
      fields.forEach(function ({ name, type }) {
        const input = node.elements[name];
        values[name] = type === "checkbox" ? input.checked
            : type === "number" ? (input.value === "" ? null : Number(input.value)) : input.value;
      });
      run(button, function () { return onSubmit(values, node); }, node);
    });
    return node;
  }

  /**
   * A console's sections in #app, {id: [title, build(section, state)]}: each built from the APIs, and again after
   * every change (the focus then goes to its heading). A part that does not load says so, with "Try again"; a
   * refusal that is expected (unavailable: {status: text}, such as a service that is not deployed) says that instead.
   */
  function sections(all, unavailable) {
    const app = document.getElementById("app");

    async function render(id, state) {
      const [title, build] = all[id];
      const built = section(id, title);
      try {
        await build(built, state);
      } catch (error) {
        if (unavailable && unavailable[error.status]) {
          built.append(el("p", { class: "hint", text: unavailable[error.status] }));
        } else {
          built.append(el("p", { class: "alert error", text: "This part did not load: " + error.message }),
              el("button", { type: "button", text: "Try again", on: { click: function () { refresh(id, state); } } }));
        }
      }
      const old = document.getElementById(id);
      if (old) {
        old.closest("section").replaceWith(built);
      } else {
        app.append(built);
      }
      return built;
    }

    async function refresh(id, state) {
      (await render(id, state)).querySelector("h2").focus();
    }

    async function renderAll() {
      Object.keys(all).forEach(function (id) {
        const placeholder = section(id, all[id][0]);
        placeholder.append(el("p", { class: "hint", text: "Loading…" }));
        app.append(placeholder);
      });
      await Promise.all(Object.keys(all).map(function (id) { return render(id); }));
    }

    return { render: render, refresh: refresh, renderAll: renderAll };
  }

  document.getElementById("sign-out").addEventListener("click", signOut);

  return { start: start, reauthenticate: reauthenticate, api: api, apiWithEtag: apiWithEtag, claims: claims,
    signOut: signOut, el: el, section: section, words: words, say: say, fail: fail, action: action, form: form,
    sections: sections };
})();
