/* json.h: the JSON renderer (json-glib). */
#ifndef NP_JSON_H
#define NP_JSON_H

#include "doc.h"

/* Returns doc as a pretty-printed JSON object with the keys title, byline,
 * authors, published, modified, siteName, section, lang, dir, url, excerpt,
 * leadImage, images ([{src, alt, caption, credit}]), text (as
 * np_render_text), wordCount and warnings; unknown values are null. The
 * caller frees it; never NULL. */
char *np_render_json(const np_doc *doc);

#endif
