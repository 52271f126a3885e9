/* gpt.js: script saved with the page (contents trimmed) */
