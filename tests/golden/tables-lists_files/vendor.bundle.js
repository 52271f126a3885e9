/* vendor.bundle.js: script saved with the page (contents trimmed) */
