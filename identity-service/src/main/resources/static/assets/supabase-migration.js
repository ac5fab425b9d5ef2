/*
 * The frontend migration kit: a supabase-js frontend's way onto the platform at the cutover, with no password typed.
 *
 *   <script src="https://<gateway>/assets/supabase-migration.js"></script>
 *   const tokens = await PlatformMigration.migrate({ clientId: 'web' });
 *
 * On the first load after the switch it finds the Supabase session the browser holds (supabase-js's localStorage
 * entry "sb-<project-ref>-auth-token", or @supabase/ssr's cookies of that name, chunked and "base64-" encoded), posts
 * it to the platform's token exchange (RFC 8693 at /oauth2/token: the access token while it lives, else the refresh
 * token), stores the platform's tokens (localStorage "platform-session", or options.storageKey) and forgets the
 * Supabase session. Only when the exchange is refused (invalid_grant), or the browser holds no Supabase
 * session, does it send the person to the sign-in page; any other failure (the network, a 5xx, a 429) is thrown and
 * the Supabase session kept, for the app to try again. Tabs take turns (Web Locks), so that two tabs do not spend the
 * same session. Where the tokens are kept is the app's choice (options.storage): localStorage is what supabase-js used. Once migrated, it returns the
 * stored tokens. Options: tokenUrl ('/oauth2/token'), clientId ('web'), signInUrl ('/login'), storageKey, storage
 * (localStorage), redirect (true; false: resolve null instead of leaving the page).
 */
(function (global) {
  'use strict';
  var GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
  var REFRESH = 'urn:supabase:params:oauth:token-type:refresh_token';
  var ACCESS = 'urn:supabase:params:oauth:token-type:access_token';
  var KEY = /^sb-.+-auth-token$/;

  function parse(text) {
    try {
      var value = JSON.parse(text);
      var session = value && (value.currentSession || value);
      return session && (session.refresh_token || session.access_token) ? session : null;
    } catch (e) {
      return null;
    }
  }

  function fromStorage(storage) {
    for (var i = 0; i < storage.length; i++) {
      var key = storage.key(i);
      var session = KEY.test(key) ? parse(storage.getItem(key)) : null;
      if (session) {
        return { session: session, forget: function () { storage.removeItem(key); } };
      }
    }
    return null;
  }

  function fromCookies(doc) {
    var jar = {};
    (doc.cookie || '').split(';').forEach(function (pair) {
      var at = pair.indexOf('=');
      if (at > 0) {
        jar[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
      }
    });
    var names = Object.keys(jar).map(function (n) { return n.replace(/\.\d+$/, ''); })
      .filter(function (n, i, all) { return KEY.test(n) && all.indexOf(n) === i; });
    for (var j = 0; j < names.length; j++) {
      var name = names[j];
      var value = jar[name];
      if (value === undefined) {
        value = '';
        for (var chunk = 0; jar[name + '.' + chunk] !== undefined; chunk++) {
          value += jar[name + '.' + chunk];
        }
      }
      if (value.indexOf('base64-') === 0) {
        var b64 = value.slice(7).replace(/-/g, '+').replace(/_/g, '/');
        value = decodeURIComponent(Array.prototype.map.call(atob(b64), function (c) {
          return '%' + ('00' + c.charCodeAt(0).toString(16)).slice(-2);
        }).join(''));
      }
      var session = parse(value);
      if (session) {
        return { session: session, forget: function () {
          Object.keys(jar).filter(function (n) { return n === name || n.indexOf(name + '.') === 0; })
            .forEach(function (n) { doc.cookie = n + '=; Max-Age=0; Path=/'; });
        } };
      }
    }
    return null;
  }

  function exchange(options, type, token) {
    var body = new URLSearchParams({ grant_type: GRANT, client_id: options.clientId, subject_token_type: type,
      subject_token: token });
    return fetch(options.tokenUrl, { method: 'POST', credentials: 'omit', body: body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json' } })
      .then(function (answer) {
        if (answer.ok) {
          return answer.json();
        }
        return answer.json().catch(function () { return {}; }).then(function (problem) {
          if (problem.error === 'invalid_grant') {
            return null; // refused: this Supabase session is not exchanged
          }
          throw new Error('the token exchange failed (' + answer.status + '): try again');
        });
      });
  }

  function signIn(options) {
    if (options.redirect) {
      global.location.assign(options.signInUrl);
    }
    return null;
  }

  function migrate(given) {
    var options = Object.assign({ tokenUrl: '/oauth2/token', clientId: 'web', signInUrl: '/login',
      storageKey: 'platform-session', storage: global.localStorage, redirect: true }, given || {});
    // one tab at a time: a second tab's exchange of the same session would count as its reuse
    return global.navigator && global.navigator.locks
      ? global.navigator.locks.request('platform-migration', function () { return run(options); })
      : run(options);
  }

  function run(options) {
    var stored = options.storage.getItem(options.storageKey);
    if (stored) {
      return Promise.resolve(JSON.parse(stored));
    }
    var found = fromStorage(options.storage) || fromCookies(global.document);
    if (!found) {
      return Promise.resolve(signIn(options));
    }
    var s = found.session;
    var live = s.access_token && s.expires_at && s.expires_at * 1000 > Date.now() + 10000;
    var first = live ? exchange(options, ACCESS, s.access_token) : Promise.resolve(null);
    return first.then(function (tokens) {
      return tokens || (s.refresh_token ? exchange(options, REFRESH, s.refresh_token) : null);
    }).then(function (tokens) {
      found.forget(); // exchanged, or refused: a Supabase session is tried once
      if (!tokens) {
        return signIn(options);
      }
      tokens.obtained_at = Math.floor(Date.now() / 1000);
      options.storage.setItem(options.storageKey, JSON.stringify(tokens));
      return tokens;
    });
  }

  global.PlatformMigration = { migrate: migrate };
})(window);
