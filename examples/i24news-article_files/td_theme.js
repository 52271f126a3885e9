/* td_theme.js: script saved with the page (contents trimmed) */
