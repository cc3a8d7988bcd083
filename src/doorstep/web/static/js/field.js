// Field visit form: geolocation check-in, a drawn signature, the draft kept in localStorage,
// and exactly-once submission with an idempotency key made on the phone (retried when online).
(function () {
  "use strict";
  var form = document.getElementById("visit-form");
  if (!form) { return; }
  var csrf = document.querySelector("meta[name=csrf-token]").content;
  var draftKey = "doorstep.visit." + form.dataset.case;
  var out = document.getElementById("submit-result");
  var canvas = document.getElementById("signature");
  var signed = false;

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return "k" + Date.now().toString(16) + Math.random().toString(16).slice(2);
  }
  function load() { try { return JSON.parse(localStorage.getItem(draftKey) || "{}"); } catch (e) { return {}; } }
  function save(draft) { localStorage.setItem(draftKey, JSON.stringify(draft)); }

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
    if (d.check_in_at) { document.getElementById("check-in-result").textContent = "已签到（草稿）"; }
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
        result.textContent = "已签到，距客户地址 " + (j.distance_m === null ? "未知" : Math.round(j.distance_m) + " 米") +
          (j.flagged ? "（距离过远，已标记）" : "");
      }).catch(function () { result.textContent = "已离线签到，联网后随记录提交"; });
    }
    if (!navigator.geolocation) { done(null, null); return; }
    navigator.geolocation.getCurrentPosition(function (p) { done(p.coords.latitude, p.coords.longitude); },
      function () { done(null, null); }, { enableHighAccuracy: true, timeout: 10000 });
  });

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
      signed_note: d.signed_note || "", signature: d.signature || "" };
    if (d.outcome === "repayment_plan" || d.outcome === "promise_to_pay") {
      rec.agreement = { instalments: instalments(d.instalments || ""), fee_waiver_amount: d.fee_waiver_amount || "0" };
    }
    return rec;
  }
  function send() {
    var d = load();
    if (!d.idempotency_key) { return; }
    var body = new FormData();
    body.append("record", JSON.stringify(record(d)));
    Array.prototype.forEach.call(form.files.files, function (f) { body.append("files", f, f.name); });
    out.textContent = "正在提交…";
    post("/field/visits", body, false).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, j: j }; });
    }).then(function (res) {
      if (!res.ok) { delete d.idempotency_key; save(d); out.textContent = res.j.error.message; return; }
      localStorage.removeItem(draftKey);
      out.textContent = "已提交（记录号 " + res.j.visit_id + "），案件状态：" + res.j.case_state;
      out.dataset.state = res.j.case_state;
    }).catch(function () { out.textContent = "网络不可用，记录已保存在手机上，联网后自动提交"; });
  }

  form.addEventListener("input", fields);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var d = fields();
    if (!d.idempotency_key) { d.idempotency_key = uuid(); d.check_out_at = new Date().toISOString(); save(d); }
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
