/* amp-consent-0.1.js: script saved with the page (contents trimmed) */
