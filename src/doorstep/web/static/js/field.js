// Field visit form: geolocation check-in, a drawn signature, the draft kept in localStorage,
// the chosen evidence files kept in IndexedDB (keyed by the record's idempotency key), and
// exactly-once submission with that key made on the phone (retried when online).
(function () {
  "use strict";
  var form = document.getElementById("visit-form");
  if (!form) { return; }
  var csrf = document.querySelector("meta[name=csrf-token]").content;
  var draftKey = "doorstep.visit." + form.dataset.case;
  var out = document.getElementById("submit-result");
  var kept = document.getElementById("files-kept");
  var canvas = document.getElementById("signature");
  var signed = false;
  var sending = false;
  var msgs = {};
  try { msgs = JSON.parse(form.dataset.msgs || "{}"); } catch (e) { msgs = {}; }
  function msg(code, params) {
    var text = msgs[code] || code;
    Object.keys(params || {}).forEach(function (k) { text = text.split("%(" + k + ")s").join(String(params[k])); });
    return text;
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return "k" + Date.now().toString(16) + Math.random().toString(16).slice(2);
  }
  function load() { try { return JSON.parse(localStorage.getItem(draftKey) || "{}"); } catch (e) { return {}; } }
  function save(draft) { localStorage.setItem(draftKey, JSON.stringify(draft)); }

  // --- evidence files in IndexedDB: store "files", key = idempotency key, value = [{name, type, blob}]
  var dbPromise = null;
  function idb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
        var req = indexedDB.open("doorstep-field", 1);
        req.onupgradeneeded = function () { req.result.createObjectStore("files"); };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    return dbPromise;
  }
  function tx(mode, act) {
    return idb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction("files", mode);
        var req = act(t.objectStore("files"));
        t.oncomplete = function () { resolve(req.result); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error); };
      });
    });
  }
  function putFiles(key, list) { return tx("readwrite", function (s) { return s.put(list, key); }); }
  function getFiles(key) { return tx("readonly", function (s) { return s.get(key); }).then(function (v) { return v || []; }); }
  function dropFiles(key) { return tx("readwrite", function (s) { return s.delete(key); }); }
  function rekeyFiles(from, to) {
    return getFiles(from).then(function (list) { return putFiles(to, list); }).then(function () { return dropFiles(from); });
  }
  // Photos are shrunk on the phone before they are kept or sent: the longer side to at most
  // MAX_SIDE pixels, re-encoded as JPEG; other files (audio, video, PDF) go as they are.
  var MAX_SIDE = 1600, QUALITY = 0.82;
  function shrink(f) {
    var plain = { name: f.name, type: f.type, blob: f };
    if (!/^image\/(jpeg|png|webp)$/.test(f.type) || !window.createImageBitmap) { return Promise.resolve(plain); }
    return createImageBitmap(f).then(function (img) {
      var scale = Math.min(1, MAX_SIDE / Math.max(img.width, img.height));
      if (scale === 1 && f.size < 1500000) { return plain; }
      var c = document.createElement("canvas");
      c.width = Math.round(img.width * scale); c.height = Math.round(img.height * scale);
      c.getContext("2d").drawImage(img, 0, 0, c.width, c.height);
      return new Promise(function (resolve) {
        c.toBlob(function (b) {
          resolve(b && b.size < f.size ? { name: f.name.replace(/\.[^.]+$/, "") + ".jpg", type: "image/jpeg", blob: b, shrunk_from: f.size } : plain);
        }, "image/jpeg", QUALITY);
      });
    }).catch(function () { return plain; });
  }
  function chosen() {
    return Promise.all(Array.prototype.map.call(form.files.files, shrink));
  }
  function showKept(n) { kept.textContent = n ? msg("files_kept", { n: n }) : ""; kept.dataset.count = n; }
  var stored = Promise.resolve();   // the last write of the chosen files; send() waits for it
  function fileKey() {
    var d = load();
    if (!d.files_key) { d.files_key = d.idempotency_key || uuid(); save(d); }
    return d.files_key;
  }
  form.files.addEventListener("change", function () {
    var key = fileKey();
    stored = chosen().then(function (list) {
      return putFiles(key, list).then(function () { showKept(list.length); });
    }).catch(function () { showKept(0); });
  });

  function fields() {
    var d = load();
    form.querySelectorAll("input,textarea,select").forEach(function (el) {
      if (!el.name || el.type === "file") { return; }
      if (el.type === "checkbox") {
        if (el.name === "staff_present") {
          d.staff_present = Array.prototype.filter.call(
            form.querySelectorAll("input[name=staff_present]"), function (c) { return c.checked; })
            .map(function (c) { return c.value; });
        } else { d[el.name] = el.checked; }
      } else { d[el.name] = el.value; }
    });
    if (signed) { d.signature = canvas.toDataURL("image/png"); }
    save(d);
    return d;
  }
  function restore() {
    var d = load();
    Object.keys(d).forEach(function (name) {
      form.querySelectorAll("[name='" + name + "']").forEach(function (el) {
        if (el.type === "checkbox") {
          el.checked = name === "staff_present" ? d[name].indexOf(el.value) >= 0 : !!d[name];
        } else if (el.type !== "file") { el.value = d[name]; }
      });
    });
    if (d.check_in_at) { document.getElementById("check-in-result").textContent = msg("draft_check_in"); }
    if (d.override_reason) { form.querySelector("details.override").open = true; }
    if (d.files_key) {
      stored = getFiles(d.files_key).then(function (list) { showKept(list.length); }).catch(function () {});
    }
  }

  function post(url, body, json) {
    var headers = { "X-CSRF-Token": csrf };
    if (json) { headers["Content-Type"] = "application/json"; }
    return fetch(url, { method: "POST", headers: headers, body: body, credentials: "same-origin" });
  }

  document.getElementById("check-in").addEventListener("click", function () {
    var result = document.getElementById("check-in-result");
    function done(lat, lon) {
      form.check_in_at.value = new Date().toISOString();
      form.check_in_lat.value = lat === null ? "" : lat;
      form.check_in_lon.value = lon === null ? "" : lon;
      fields();
      post("/field/check-in", JSON.stringify({ case_id: +form.dataset.case,
        appointment_id: form.dataset.appointment ? +form.dataset.appointment : null,
        lat: lat, lon: lon }), true).then(function (r) { return r.json(); }).then(function (j) {
        if (j.error) { result.textContent = j.error.message; return; }
        var distance = j.distance_m === null ? msg("unknown") : msg("metres", { n: Math.round(j.distance_m) });
        result.textContent = msg("checked_in", { distance: distance }) + (j.flagged ? msg("flagged") : "");
      }).catch(function () { result.textContent = msg("offline_check_in"); });
    }
    if (!navigator.geolocation) { done(null, null); return; }
    navigator.geolocation.getCurrentPosition(function (p) { done(p.coords.latitude, p.coords.longitude); },
      function () { done(null, null); }, { enableHighAccuracy: true, timeout: 10000 });
  });

  // Check-out and one's own presence, each with the phone's position (stored server-side).
  function atDoor(url, resultId, doneCode) {
    var result = document.getElementById(resultId);
    function send(lat, lon) {
      post(url, JSON.stringify({ case_id: +form.dataset.case,
        appointment_id: form.dataset.appointment ? +form.dataset.appointment : null,
        lat: lat, lon: lon }), true).then(function (r) { return r.json(); }).then(function (j) {
        if (j.error) { result.textContent = j.error.message; return; }
        var distance = j.distance_m === null ? msg("unknown") : msg("metres", { n: Math.round(j.distance_m) });
        result.textContent = msg(doneCode, { distance: distance }) + (j.flagged ? msg("flagged") : "");
        if (url === "/field/check-out") { var d = load(); d.check_out_at = new Date().toISOString(); save(d); }
      }).catch(function () { result.textContent = msg("offline_check_in"); });
    }
    if (!navigator.geolocation) { send(null, null); return; }
    navigator.geolocation.getCurrentPosition(function (p) { send(p.coords.latitude, p.coords.longitude); },
      function () { send(null, null); }, { enableHighAccuracy: true, timeout: 10000 });
  }
  var outBtn = document.getElementById("check-out");
  if (outBtn) { outBtn.addEventListener("click", function () { atDoor("/field/check-out", "check-out-result", "checked_out"); }); }
  var presBtn = document.getElementById("presence");
  if (presBtn) { presBtn.addEventListener("click", function () { atDoor("/field/presence", "presence-result", "presence_done"); }); }

  function instalments(text) {
    return text.split(/\n/).map(function (l) { return l.trim().split(/[\s,，]+/); })
      .filter(function (p) { return p.length === 2 && p[0]; })
      .map(function (p) { return { due_on: p[0], amount: p[1] }; });
  }
  function record(d) {
    var rec = { idempotency_key: d.idempotency_key, case_id: +form.dataset.case,
      appointment_id: form.dataset.appointment ? +form.dataset.appointment : null,
      check_in_at: d.check_in_at || d.check_out_at, check_out_at: d.check_out_at,
      check_in_lat: d.check_in_lat ? +d.check_in_lat : null, check_in_lon: d.check_in_lon ? +d.check_in_lon : null,
      staff_present: (d.staff_present || []).map(Number), outcome: d.outcome, findings: d.findings || "",
      customer_account: d.customer_account || "", customer_suggestions: d.customer_suggestions || "",
      inside_home: !!d.inside_home, consent_to_enter: !!d.consent_to_enter, third_parties: d.third_parties || "",
      signed_note: d.signed_note || "", signature: d.signature || "",
      sent_at: new Date().toISOString() };  // lets the server correct a wrong phone clock
    if (d.outcome === "repayment_plan" || d.outcome === "promise_to_pay") {
      rec.agreement = { instalments: instalments(d.instalments || ""), fee_waiver_amount: d.fee_waiver_amount || "0" };
    }
    var reason = (d.override_reason || "").trim();
    if (reason) { rec.override = { reason: reason }; }
    return rec;
  }
  function attachments(key) {
    // Files kept in IndexedDB for this key; without IndexedDB, whatever the input holds now.
    return stored.then(function () { return getFiles(key); }).catch(function () { return chosen(); });
  }
  function send() {
    var d = load();
    if (!d.idempotency_key || sending) { return; }
    var key = d.idempotency_key;
    sending = true;
    out.textContent = msg("submitting");
    attachments(key).then(function (list) {
      var body = new FormData();
      body.append("record", JSON.stringify(record(d)));
      list.forEach(function (f) { body.append("files", f.blob, f.name); });
      return post("/field/visits", body, false);
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, status: r.status, j: j }; });
    }).then(function (res) {
      sending = false;
      var now = load();
      if (res.status >= 500) {
        // Database or storage briefly unavailable: keep the same key and try again later, so
        // a record the server did store is answered as a replay, never stored twice.
        out.textContent = res.j.error.message;
        return;
      }
      if (!res.ok) {
        // Refused: nothing was stored; the next submission gets a fresh key and keeps the files.
        var fresh = uuid();
        delete now.idempotency_key; now.files_key = fresh; save(now);
        rekeyFiles(key, fresh).catch(function () {});
        out.textContent = res.j.error.message;
        return;
      }
      localStorage.removeItem(draftKey);
      dropFiles(key).then(function () { showKept(0); }).catch(function () {});
      out.textContent = msg("done", { id: res.j.visit_id, state: res.j.case_state });
      out.dataset.state = res.j.case_state;
    }).catch(function () { sending = false; out.textContent = msg("offline"); });
  }

  form.addEventListener("input", fields);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var d = fields();
    if (!d.idempotency_key) {
      d.idempotency_key = d.files_key || uuid(); d.files_key = d.idempotency_key;
      d.check_out_at = d.check_out_at || new Date().toISOString(); save(d);
    }
    send();
  });
  window.addEventListener("online", send);
  setInterval(function () { if (navigator.onLine) { send(); } }, 15000);

  var ctx = canvas.getContext("2d");
  var drawing = false;
  function pos(e) { var r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; }
  canvas.addEventListener("pointerdown", function (e) { drawing = true; ctx.beginPath(); ctx.moveTo.apply(ctx, pos(e)); });
  canvas.addEventListener("pointermove", function (e) { if (drawing) { ctx.lineTo.apply(ctx, pos(e)); ctx.stroke(); signed = true; } });
  window.addEventListener("pointerup", function () { if (drawing) { drawing = false; fields(); } });
  document.getElementById("signature-clear").addEventListener("click", function () {
    ctx.clearRect(0, 0, canvas.width, canvas.height); signed = false; var d = fields(); delete d.signature; save(d);
  });
  restore();
  send();
}());
