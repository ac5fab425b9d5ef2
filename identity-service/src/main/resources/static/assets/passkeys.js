// Passkeys on the hosted pages, with Spring Security's WebAuthn endpoints: sign-in from the user-name field's
// autofill (conditional mediation) or the passkey button, a key as the second step of a sign-in (/login/totp), and
// registration on /passkeys/new. No inline script:
// the pages' CSP forbids them; the CSRF token comes from the page's <meta name="_csrf">.
(function () {
  "use strict";
  function meta(name) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.content : "";
  }
  function b64(buffer) {
    return btoa(String.fromCharCode.apply(null, new Uint8Array(buffer)))
        .replace(/=/g, "").replace(/\+/g, "-").replace(/\//g, "_");
  }
  function bytes(text) {
    var s = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { out[i] = s.charCodeAt(i); }
    return out.buffer;
  }
  async function post(url, body) {
    var headers = { "Content-Type": "application/json" };
    headers[meta("_csrf_header") || "X-CSRF-TOKEN"] = meta("_csrf");
    var response = await fetch(url, { method: "POST", headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) { throw new Error("HTTP " + response.status); }
    return response.json();
  }
  var ceremony = null;
  function signal() {
    if (ceremony) { ceremony.abort(); }
    ceremony = new AbortController();
    return ceremony.signal;
  }

  // a passkey sign-in (Spring's endpoints), or the second step's security key (answered alike)
  async function signIn(conditional, optionsUrl, answerUrl) {
    var options = await post(optionsUrl || "/webauthn/authenticate/options");
    options.challenge = bytes(options.challenge);
    options.allowCredentials = (options.allowCredentials || []).map(function (c) {
      return Object.assign({}, c, { id: bytes(c.id) });
    });
    var request = { publicKey: options, signal: signal() };
    if (conditional) { request.mediation = "conditional"; }
    var credential = await navigator.credentials.get(request);
    var r = credential.response;
    var answer = await post(answerUrl || "/login/webauthn", {
      id: credential.id, rawId: b64(credential.rawId), credType: credential.type,
      response: { authenticatorData: b64(r.authenticatorData), clientDataJSON: b64(r.clientDataJSON),
        signature: b64(r.signature), userHandle: r.userHandle ? b64(r.userHandle) : undefined },
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment });
    if (!answer.authenticated || !answer.redirectUrl) { throw new Error("not signed in"); }
    window.location.href = answer.redirectUrl;
  }

  async function register(label) {
    var options = await post("/webauthn/register/options");
    options.challenge = bytes(options.challenge);
    options.user = Object.assign({}, options.user, { id: bytes(options.user.id) });
    options.excludeCredentials = (options.excludeCredentials || []).map(function (c) {
      return Object.assign({}, c, { id: bytes(c.id) });
    });
    var created = await navigator.credentials.create({ publicKey: options, signal: signal() });
    var r = created.response;
    var answer = await post("/webauthn/register", { publicKey: { label: label, credential: {
      id: created.id, rawId: b64(created.rawId), type: created.type,
      response: { attestationObject: b64(r.attestationObject), clientDataJSON: b64(r.clientDataJSON),
        transports: r.getTransports ? r.getTransports() : [] },
      clientExtensionResults: created.getClientExtensionResults(),
      authenticatorAttachment: created.authenticatorAttachment } } });
    if (!answer.success) { throw new Error("not registered"); }
  }

  function show(id) {
    var element = document.getElementById(id);
    if (element) { element.classList.remove("hidden"); element.focus(); }
  }

  var button = document.getElementById("passkey-signin");
  if (button && window.PublicKeyCredential) {
    button.disabled = false;
    button.addEventListener("click", function () {
      signIn(false).catch(function (e) { if (e.name !== "AbortError") { show("passkey-error"); } });
    });
    if (PublicKeyCredential.isConditionalMediationAvailable) {
      PublicKeyCredential.isConditionalMediationAvailable().then(function (available) {
        if (available) { signIn(true).catch(function () { /* the person typed a password instead */ }); }
      });
    }
  }

  var key = document.getElementById("security-key");
  if (key && window.PublicKeyCredential) {
    key.disabled = false;
    key.addEventListener("click", function () {
      signIn(false, "/login/totp/security-key/options", "/login/totp/security-key").catch(function (e) {
        if (e.name !== "AbortError") { show("security-key-error"); }
      });
    });
  }

  var form = document.getElementById("passkey-form");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var submit = form.querySelector("button[type=submit]");
      submit.disabled = true;
      register(document.getElementById("label").value).then(function () {
        window.location.href = form.dataset.next;
      }, function () {
        submit.disabled = false;
        show("passkey-error");
      });
    });
  }
})();
