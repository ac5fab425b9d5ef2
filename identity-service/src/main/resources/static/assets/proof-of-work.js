// The sign-in check after many wrong passwords (identity's ProofOfWorkCheck): find a nonce such that
// SHA-256(token + ":" + nonce) starts with `bits` zero bits, then post the form with `token:nonce`.
(function () {
  var form = document.getElementById("challenge-form");
  var token = form.dataset.token, bits = parseInt(form.dataset.bits, 10);
  var encoder = new TextEncoder();

  function zeroBits(hash) {
    var bytes = new Uint8Array(hash), zeros = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] !== 0) { return zeros + Math.clz32(bytes[i]) - 24; }
      zeros += 8;
    }
    return zeros;
  }

  async function solve() {
    for (var start = 0; ; start += 256) {
      var batch = [];
      for (var n = start; n < start + 256; n++) {
        batch.push(crypto.subtle.digest("SHA-256", encoder.encode(token + ":" + n.toString(36))));
      }
      var hashes = await Promise.all(batch);
      for (var i = 0; i < hashes.length; i++) {
        if (zeroBits(hashes[i]) >= bits) { return (start + i).toString(36); }
      }
    }
  }

  form.addEventListener("submit", async function (event) {
    var answer = document.getElementById("challenge_response");
    if (answer.value) { return; }
    event.preventDefault();
    document.getElementById("sign-in").disabled = true;
    var working = document.getElementById("working");
    working.textContent = working.dataset.text;
    answer.value = token + ":" + await solve();
    form.submit();
  });
})();
