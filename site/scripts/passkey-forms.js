// Passkey forms. A form with data-passkey="register" or "authenticate" carries the server's
// WebAuthn options (JSON) in data-passkey-options. On submit the browser's passkey ceremony runs
// (SimpleWebAuthnBrowser, served in the same file), its response goes into the form's hidden
// `response` field, and the form is posted as usual: the server checks it and redirects.
// Without JavaScript or WebAuthn the button stays disabled and the form says why.
(function () {
  var lib = globalThis.SimpleWebAuthnBrowser;
  var forms = document.querySelectorAll('form[data-passkey]');
  forms.forEach(function (form) {
    var status = form.querySelector('[data-passkey-status]');
    var button = form.querySelector('button[type="submit"]');
    var say = function (text) {
      if (status) status.textContent = text || '';
    };
    if (!lib || !lib.browserSupportsWebAuthn()) {
      say(form.dataset.passkeyUnsupported);
      return;
    }
    say('');
    if (button) button.disabled = false;
    var sending = false;
    form.addEventListener('submit', function (event) {
      if (sending) return;
      event.preventDefault();
      if (!form.reportValidity()) return;
      var optionsJSON = JSON.parse(form.dataset.passkeyOptions || '{}');
      var ceremony =
        form.dataset.passkey === 'register'
          ? lib.startRegistration({ optionsJSON: optionsJSON })
          : lib.startAuthentication({ optionsJSON: optionsJSON });
      say(form.dataset.passkeyWaiting);
      ceremony.then(
        function (response) {
          form.elements.namedItem('response').value = JSON.stringify(response);
          sending = true;
          form.submit();
        },
        function () {
          say(form.dataset.passkeyFailed);
        },
      );
    });
  });
})();
