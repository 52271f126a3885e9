/* framework.8a7b6c.js: script saved with the page (contents trimmed) */
