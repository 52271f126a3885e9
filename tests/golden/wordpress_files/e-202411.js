/* e-202411.js: script saved with the page (contents trimmed) */
