/* v0.js: script saved with the page (contents trimmed) */
