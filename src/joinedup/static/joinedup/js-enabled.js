// Tells govuk-frontend's CSS that JavaScript is on (an external file: the CSP forbids inline script).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
