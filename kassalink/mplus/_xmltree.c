/*
 * kassalink.mplus._xmltree: a strict reader for the plain XML of SOAP answers.
 *
 * Why it exists: a getReceipts page is tens of megabytes, and building lxml's tree
 * and walking it from Python costs more than everything else in a receipts sync.
 * This reader goes from bytes straight to the values the parsers need:
 *
 *     root     = (tag, content)          tags in lxml's notation: "{uri}local"
 *     content  = str                     an element without child elements: its text
 *              | dict[tag, content]      child elements, each tag once (a record)
 *              | tuple[(tag, content)]   child elements where a tag repeats (a list)
 *
 * It reads only what such answers hold: elements, attributes (namespace declarations
 * are honoured, others are checked and skipped), text, character and the five
 * predefined entity references, in UTF-8. Anything else (a DOCTYPE, comments,
 * CDATA, processing instructions, mixed content, another encoding, deep nesting, a name
 * or text past libxml2's limits) and anything not well-formed makes parse() return None: the caller then reads the
 * answer with lxml, which handles the unusual and words the errors. So this reader
 * never has to be complete, only right about what it accepts.
 *
 * Its work follows the document's size: a prefix is resolved through a table of the
 * prefixes in scope (one lookup, however many declarations a crafted answer piles up),
 * and every name and text is read once.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define MAX_DEPTH 200
#define MAX_ATTRIBUTES 32
/* libxml2's limits without XML_PARSE_HUGE, which envelope.py's parser keeps: a longer
 * name or text makes lxml refuse the answer, so we decline and let it say so. An
 * attribute value (only namespaces matter to us) is held far shorter. */
#define MAX_NAME_LENGTH 50000
#define MAX_TEXT_LENGTH 10000000
#define MAX_ATTRIBUTE_LENGTH 10000

typedef struct {
    const char *prefix; /* NULL for the default namespace */
    Py_ssize_t prefix_len;
    PyObject *uri; /* "{uri}" ready to prefix a local name; NULL for "no namespace" */
    Py_ssize_t shadowed; /* the binding of the same prefix it hides, -1 if none */
} Binding;

/* Per prefix ever declared, the index of its innermost binding in scope (-1: none), so
 * resolving a prefix costs one hash lookup however many declarations are in scope. */
typedef struct {
    const char *prefix; /* NULL: an empty slot */
    Py_ssize_t prefix_len;
    Py_ssize_t top;
} PrefixEntry;

typedef struct {
    PyObject *uri; /* borrowed from a Binding's owner list; NULL for no namespace */
    const char *local;
    Py_ssize_t local_len;
    PyObject *tag; /* owned */
} TagEntry;

/* Short texts repeat throughout a page (0, 1, false, 60, 2026, RECEIPT-TYPE-RECEIPT,
 * PIN, an article's name): one str each saves an allocation, a decode and a free per
 * element. Ids and other long texts rarely repeat and bypass the cache. */
#define TEXT_CACHE_SIZE 4096
#define TEXT_CACHE_MAX_LEN 24

typedef struct {
    const char *bytes; /* into the document */
    Py_ssize_t len;
    PyObject *text; /* owned */
} TextEntry;

typedef struct {
    PyObject *tag; /* borrowed from the tag cache */
    PyObject *content;
} Child;

typedef struct {
    const char *p;
    const char *end;
    int declined;       /* the input is outside what we read: not an error, a fallback */
    Binding *bindings;  /* in scope, innermost last */
    Py_ssize_t n_bindings, bindings_cap;
    PrefixEntry *prefixes; /* open addressing, by prefix */
    size_t prefixes_cap, prefixes_used;
    Py_ssize_t default_top; /* innermost default namespace binding, -1 if none */
    PyObject *uris;     /* owns every Binding.uri, one object per namespace */
    TagEntry *tags;     /* open-addressing cache of tag strings */
    size_t tags_cap, tags_used;
    char *scratch;      /* for text with references or carriage returns */
    Py_ssize_t scratch_cap;
    Child *stack;       /* children read so far, of every open element, innermost last */
    Py_ssize_t n_stack, stack_cap;
    TextEntry *texts;   /* direct-mapped cache of short texts, TEXT_CACHE_SIZE slots */
} Reader;

/* Byte classes, so the hot loops look at each byte once. */
enum { C_NAME_START = 1, C_NAME = 2, C_SPACE = 4, C_TEXT_SPECIAL = 8 };
static unsigned char byte_class[256];

static void init_byte_class(void) {
    for (int c = 0; c < 256; c++) {
        unsigned char k = 0;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
            k |= C_NAME_START | C_NAME;
        if ((c >= '0' && c <= '9') || c == '-' || c == '.')
            k |= C_NAME;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            k |= C_SPACE;
        /* in text: references, carriage returns, "]]>", control characters and the
         * lead byte of U+FFFE/U+FFFF, which UTF-8 allows and XML does not */
        if (c == '&' || c == '\r' || c == ']' || c == 0xEF ||
            (c < 0x20 && c != '\t' && c != '\n'))
            k |= C_TEXT_SPECIAL;
        byte_class[c] = k;
    }
}

static inline PyObject *decline(Reader *r) {
    r->declined = 1;
    return NULL;
}

static inline void skip_space(Reader *r) {
    while (r->p < r->end && (byte_class[(unsigned char)*r->p] & C_SPACE))
        r->p++;
}

/* A name of ASCII letters, digits, '_', '-', '.', with at most one inner ':'.
 * Non-ASCII names are legal XML but not ours: they decline. Returns 0 on failure. */
static int read_name(Reader *r, const char **start, Py_ssize_t *len, Py_ssize_t *colon) {
    const char *p = r->p;
    *colon = -1;
    if (p >= r->end || !(byte_class[(unsigned char)*p] & C_NAME_START))
        return 0;
    *start = p++;
    for (; p < r->end; p++) {
        unsigned char c = (unsigned char)*p;
        if (byte_class[c] & C_NAME)
            continue;
        if (c == ':' && *colon < 0 && p + 1 < r->end &&
            (byte_class[(unsigned char)p[1]] & C_NAME_START)) {
            *colon = p - *start;
            continue;
        }
        break;
    }
    *len = p - *start;
    if (*len > MAX_NAME_LENGTH)
        return 0;
    r->p = p;
    return 1;
}

static int grow_scratch(Reader *r, Py_ssize_t need) {
    if (need <= r->scratch_cap)
        return 1;
    Py_ssize_t cap = r->scratch_cap ? r->scratch_cap : 256;
    while (cap < need)
        cap *= 2;
    char *grown = PyMem_Realloc(r->scratch, (size_t)cap);
    if (grown == NULL) {
        PyErr_NoMemory();
        return 0;
    }
    r->scratch = grown;
    r->scratch_cap = cap;
    return 1;
}

static int valid_xml_char(unsigned long c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* One reference after '&' at *p (p points past '&'); writes its UTF-8 to out and
 * returns the bytes written, or -1 when it is not one we know (declines). */
static int read_reference(const char **pp, const char *end, char *out) {
    const char *p = *pp;
    const char *semi = memchr(p, ';', (size_t)(end - p) < 12 ? (size_t)(end - p) : 12);
    if (semi == NULL || semi == p)
        return -1;
    Py_ssize_t n = semi - p;
    unsigned long c = 0;
    if (*p == '#') {
        const char *d = p + 1;
        int hex = d < semi && *d == 'x';
        if (hex)
            d++;
        if (d == semi)
            return -1;
        for (; d < semi; d++) {
            int v;
            if (*d >= '0' && *d <= '9')
                v = *d - '0';
            else if (hex && *d >= 'a' && *d <= 'f')
                v = *d - 'a' + 10;
            else if (hex && *d >= 'A' && *d <= 'F')
                v = *d - 'A' + 10;
            else
                return -1;
            c = c * (hex ? 16 : 10) + (unsigned long)v;
            if (c > 0x10FFFF)
                return -1;
        }
        if (!valid_xml_char(c))
            return -1;
    } else if (n == 2 && p[0] == 'l' && p[1] == 't') {
        c = '<';
    } else if (n == 2 && p[0] == 'g' && p[1] == 't') {
        c = '>';
    } else if (n == 3 && memcmp(p, "amp", 3) == 0) {
        c = '&';
    } else if (n == 4 && memcmp(p, "quot", 4) == 0) {
        c = '"';
    } else if (n == 4 && memcmp(p, "apos", 4) == 0) {
        c = '\'';
    } else {
        return -1; /* no DTD, so no other entity exists */
    }
    *pp = semi + 1;
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static PyObject *decode_utf8(Reader *r, const char *s, Py_ssize_t n) {
    PyObject *text = PyUnicode_DecodeUTF8(s, n, NULL);
    if (text == NULL && PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) {
        PyErr_Clear(); /* lxml will say where the bad byte is */
        return decline(r);
    }
    return text;
}

static size_t name_hash(PyObject *uri, const char *local, Py_ssize_t n);

static PyObject *cached_text(Reader *r, const char *s, Py_ssize_t n) {
    if (r->texts == NULL) {
        r->texts = PyMem_Calloc(TEXT_CACHE_SIZE, sizeof(TextEntry));
        if (r->texts == NULL)
            return PyErr_NoMemory();
    }
    TextEntry *e = &r->texts[name_hash(NULL, s, n) & (TEXT_CACHE_SIZE - 1)];
    if (e->text != NULL && e->len == n && memcmp(e->bytes, s, (size_t)n) == 0) {
        Py_INCREF(e->text);
        return e->text;
    }
    PyObject *text = decode_utf8(r, s, n);
    if (text == NULL)
        return NULL;
    Py_XSETREF(e->text, Py_NewRef(text)); /* the slot's last holder makes way */
    e->bytes = s;
    e->len = n;
    return text;
}

/* Text between markup as a str: references resolved, line ends normalised to "\n". */
static PyObject *text_value(Reader *r, const char *s, Py_ssize_t n, int special) {
    if (!special)
        return n > 0 && n <= TEXT_CACHE_MAX_LEN ? cached_text(r, s, n) : decode_utf8(r, s, n);
    if (!grow_scratch(r, n))
        return NULL; /* a reference is never longer than what it stands for */
    char *out = r->scratch;
    const char *p = s, *end = s + n;
    while (p < end) {
        char c = *p;
        if (c == '&') {
            p++;
            int written = read_reference(&p, end, out);
            if (written < 0)
                return decline(r);
            out += written;
        } else if (c == '\r') {
            *out++ = '\n';
            p++;
            if (p < end && *p == '\n')
                p++;
        } else {
            *out++ = c;
            p++;
        }
    }
    return decode_utf8(r, r->scratch, out - r->scratch);
}

/* Scan text up to the next '<'. Sets *special when the text needs text_value's slow
 * path and *blank when it is only whitespace. Declines on control characters and
 * "]]>", which XML forbids in content; 0 when the document ends first. */
static int scan_text(Reader *r, const char **start, Py_ssize_t *len, int *special,
                     int *blank) {
    const char *p = r->p;
    int sp = 0, bl = 1;
    *start = p;
    for (; p < r->end; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '<')
            break;
        unsigned char k = byte_class[c];
        if (!(k & C_SPACE))
            bl = 0;
        if (k & C_TEXT_SPECIAL) {
            if (c == ']') {
                if (p + 2 < r->end && p[1] == ']' && p[2] == '>')
                    return 0;
                continue;
            }
            if (c == 0xEF) {
                if (p + 2 < r->end && (unsigned char)p[1] == 0xBF &&
                    ((unsigned char)p[2] == 0xBE || (unsigned char)p[2] == 0xBF))
                    return 0;
                continue;
            }
            if (c < 0x20 && c != '\r')
                return 0;
            sp = 1;
        }
    }
    if (p >= r->end || p - *start > MAX_TEXT_LENGTH)
        return 0;
    *len = p - *start;
    r->p = p;
    *special = sp;
    *blank = bl;
    return 1;
}

/* ---- tag strings, cached per (namespace, local name) ----------------------------- */

/* Length, pointer and the first and last eight bytes: O(1), and enough to spread the
 * few dozen names and the short texts of a document; both caches compare in full. */
static size_t name_hash(PyObject *uri, const char *local, Py_ssize_t n) {
    uint64_t head = 0, tail = 0;
    size_t k = n < 8 ? (size_t)n : 8;
    memcpy(&head, local, k);
    memcpy(&tail, local + n - (Py_ssize_t)k, k);
    uint64_t h = ((uint64_t)(uintptr_t)uri >> 4) ^ ((uint64_t)n * 0x9E3779B97F4A7C15ULL);
    h ^= head * 0xC2B2AE3D27D4EB4FULL;
    h ^= (tail + (h >> 29)) * 0x165667B19E3779F9ULL;
    return (size_t)(h ^ (h >> 32));
}

static int grow_tags(Reader *r) {
    size_t cap = r->tags_cap ? r->tags_cap * 2 : 256;
    TagEntry *grown = PyMem_Calloc(cap, sizeof(TagEntry));
    if (grown == NULL) {
        PyErr_NoMemory();
        return 0;
    }
    for (size_t i = 0; i < r->tags_cap; i++) {
        TagEntry *e = &r->tags[i];
        if (e->tag == NULL)
            continue;
        size_t j = name_hash(e->uri, e->local, e->local_len) & (cap - 1);
        while (grown[j].tag != NULL)
            j = (j + 1) & (cap - 1);
        grown[j] = *e;
    }
    PyMem_Free(r->tags);
    r->tags = grown;
    r->tags_cap = cap;
    return 1;
}

static PyObject *tag_for(Reader *r, PyObject *uri, const char *local, Py_ssize_t n) {
    if (r->tags_used * 2 >= r->tags_cap && !grow_tags(r))
        return NULL;
    size_t j = name_hash(uri, local, n) & (r->tags_cap - 1);
    for (;; j = (j + 1) & (r->tags_cap - 1)) {
        TagEntry *e = &r->tags[j];
        if (e->tag == NULL)
            break;
        if (e->uri == uri && e->local_len == n && memcmp(e->local, local, (size_t)n) == 0)
            return e->tag;
    }
    PyObject *name = PyUnicode_DecodeASCII(local, n, NULL);
    if (name == NULL)
        return NULL;
    PyObject *tag = name;
    if (uri != NULL) {
        tag = PyUnicode_Concat(uri, name);
        Py_DECREF(name);
        if (tag == NULL)
            return NULL;
    }
    PyUnicode_InternInPlace(&tag); /* dict lookups by the parsers' constants hit by identity */
    TagEntry *e = &r->tags[j];
    e->uri = uri;
    e->local = local;
    e->local_len = n;
    e->tag = tag;
    r->tags_used++;
    return tag;
}

/* ---- namespaces ------------------------------------------------------------------ */

/* ASCII only: <ctype.h> would follow the locale Python sets at start-up. */
static inline int is_alnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static inline int is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* libxml2 rejects a namespace that is not a valid URI. We take only plain absolute ones:
 * scheme ":" ["//" host [":" port]] path, where the path holds RFC 3986's unreserved and
 * delimiter characters (no query, no fragment) and complete %XX escapes. Anything else
 * (relative, user@host, IP literals, references, non-ASCII) is left to lxml. */
static int plain_uri(const char *s, Py_ssize_t n) {
    Py_ssize_t i = 0;
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return 0;
    while (i < n && (is_alnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
        i++;
    if (i == n || s[i++] != ':')
        return 0;
    if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
        i += 2;
        while (i < n && (is_alnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '.'))
            i++;
        if (i < n && s[i] == ':') {
            Py_ssize_t digits = ++i;
            while (i < n && s[i] >= '0' && s[i] <= '9')
                i++;
            if (i == digits)
                return 0;
        }
        if (i < n && s[i] != '/')
            return 0;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            if (i + 2 >= n || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
                return 0;
            i += 2;
        } else if (!(is_alnum(c) || (c != 0 && strchr("-._~:/@!$'()*+,;=", c) != NULL))) {
            return 0;
        }
    }
    return 1;
}

/* The slot of a prefix in r->prefixes: its entry, or the empty slot where it belongs. */
static PrefixEntry *prefix_slot(Reader *r, const char *prefix, Py_ssize_t n) {
    size_t j = name_hash(NULL, prefix, n) & (r->prefixes_cap - 1);
    for (;; j = (j + 1) & (r->prefixes_cap - 1)) {
        PrefixEntry *e = &r->prefixes[j];
        if (e->prefix == NULL ||
            (e->prefix_len == n && memcmp(e->prefix, prefix, (size_t)n) == 0))
            return e;
    }
}

static int grow_prefixes(Reader *r) {
    size_t old_cap = r->prefixes_cap;
    PrefixEntry *old = r->prefixes;
    size_t cap = old_cap ? old_cap * 2 : 64;
    r->prefixes = PyMem_Calloc(cap, sizeof(PrefixEntry));
    if (r->prefixes == NULL) {
        r->prefixes = old;
        PyErr_NoMemory();
        return 0;
    }
    r->prefixes_cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].prefix != NULL)
            *prefix_slot(r, old[i].prefix, old[i].prefix_len) = old[i];
    PyMem_Free(old);
    return 1;
}

/* The entry of a prefix, created (with no binding) when new; NULL on a Python error. */
static PrefixEntry *prefix_entry(Reader *r, const char *prefix, Py_ssize_t n) {
    if (r->prefixes_used * 2 >= r->prefixes_cap && !grow_prefixes(r))
        return NULL;
    PrefixEntry *e = prefix_slot(r, prefix, n);
    if (e->prefix == NULL) {
        e->prefix = prefix;
        e->prefix_len = n;
        e->top = -1;
        r->prefixes_used++;
    }
    return e;
}

/* One object per namespace: the tag cache keys on its address. */
static PyObject *namespace_uri(Reader *r, const char *value, Py_ssize_t value_len) {
    PyObject *bare = PyUnicode_DecodeASCII(value, value_len, NULL);
    if (bare == NULL)
        return NULL;
    PyObject *uri = PyUnicode_FromFormat("{%U}", bare);
    Py_DECREF(bare);
    if (uri == NULL)
        return NULL;
    PyObject *known = PyDict_SetDefault(r->uris, uri, uri); /* borrowed; the dict owns it */
    Py_DECREF(uri);
    return known;
}

static int push_binding(Reader *r, const char *prefix, Py_ssize_t prefix_len,
                        const char *value, Py_ssize_t value_len) {
    PyObject *uri = NULL;
    if (value_len > 0 && !plain_uri(value, value_len))
        return 0;
    if (value_len > 0) {
        uri = namespace_uri(r, value, value_len);
        if (uri == NULL)
            return -1;
    } else if (prefix != NULL) {
        return 0; /* xmlns:p="" is an error in XML 1.0 */
    }
    if (r->n_bindings == r->bindings_cap) {
        Py_ssize_t cap = r->bindings_cap ? r->bindings_cap * 2 : 16;
        Binding *grown = PyMem_Realloc(r->bindings, (size_t)cap * sizeof(Binding));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        r->bindings = grown;
        r->bindings_cap = cap;
    }
    Py_ssize_t *top = &r->default_top;
    if (prefix != NULL) {
        PrefixEntry *e = prefix_entry(r, prefix, prefix_len);
        if (e == NULL)
            return -1;
        top = &e->top;
    }
    Binding *b = &r->bindings[r->n_bindings];
    b->prefix = prefix;
    b->prefix_len = prefix_len;
    b->uri = uri;
    b->shadowed = *top;
    *top = r->n_bindings++;
    return 1;
}

/* Leave the scope of the bindings from `scope` on: each prefix gets back what it hid. */
static void pop_bindings(Reader *r, Py_ssize_t scope) {
    while (r->n_bindings > scope) {
        Binding *b = &r->bindings[--r->n_bindings];
        if (b->prefix == NULL)
            r->default_top = b->shadowed;
        else
            prefix_slot(r, b->prefix, b->prefix_len)->top = b->shadowed;
    }
}

/* The namespace of a prefix (NULL prefix: the default); *found is 0 when unbound. */
static PyObject *resolve(Reader *r, const char *prefix, Py_ssize_t prefix_len, int *found) {
    Py_ssize_t top = r->default_top;
    if (prefix != NULL) {
        top = -1;
        if (r->prefixes_cap > 0) {
            PrefixEntry *e = prefix_slot(r, prefix, prefix_len);
            if (e->prefix != NULL)
                top = e->top;
        }
    }
    *found = top >= 0 || prefix == NULL; /* no default declared: no namespace */
    return top >= 0 ? r->bindings[top].uri : NULL;
}

/* ---- elements -------------------------------------------------------------------- */

/* After an attribute's name: = "value" or = 'value'. Returns 0 when malformed. */
static int read_value(Reader *r, const char **value, Py_ssize_t *len) {
    skip_space(r);
    if (r->p >= r->end || *r->p != '=')
        return 0;
    r->p++;
    skip_space(r);
    if (r->p >= r->end || (*r->p != '"' && *r->p != '\''))
        return 0;
    char quote = *r->p++;
    const char *close = memchr(r->p, quote, (size_t)(r->end - r->p));
    if (close == NULL)
        return 0;
    *value = r->p;
    *len = close - r->p;
    r->p = close + 1;
    return 1;
}

/* Attributes after the element name, up to '>' or "/>". Returns 1, 0 to decline, -1 on
 * a Python error. Sets *empty for "/>". */
static int read_attributes(Reader *r, int *empty) {
    const char *locals[MAX_ATTRIBUTES];
    Py_ssize_t locals_len[MAX_ATTRIBUTES];
    int count = 0;
    for (;;) {
        const char *before = r->p;
        skip_space(r);
        if (r->p >= r->end)
            return 0;
        if (*r->p == '>') {
            r->p++;
            *empty = 0;
            return 1;
        }
        if (*r->p == '/') {
            if (r->p + 1 >= r->end || r->p[1] != '>')
                return 0;
            r->p += 2;
            *empty = 1;
            return 1;
        }
        if (r->p == before || count == MAX_ATTRIBUTES)
            return 0; /* attributes are separated by whitespace */
        const char *name;
        Py_ssize_t len, colon;
        if (!read_name(r, &name, &len, &colon))
            return 0;
        /* A repeated attribute is an error, and so are two prefixed ones with one local
         * name if both prefixes mean one namespace; not worth resolving: decline. */
        const char *local = colon < 0 ? name : name + colon + 1;
        Py_ssize_t local_len = colon < 0 ? len : len - colon - 1;
        for (int i = 0; i < count; i++)
            if (locals_len[i] == local_len && memcmp(locals[i], local, (size_t)local_len) == 0)
                return 0;
        locals[count] = local;
        locals_len[count++] = local_len;
        const char *value;
        Py_ssize_t value_len;
        if (!read_value(r, &value, &value_len) || value_len > MAX_ATTRIBUTE_LENGTH)
            return 0;
        for (Py_ssize_t i = 0; i < value_len; i++) {
            unsigned char c = (unsigned char)value[i];
            /* '<' is illegal; the rest would need normalising or decoding we skip */
            if (c == '<' || c == '&' || c < 0x20 || c >= 0x80)
                return 0;
        }
        if (colon < 0 && len == 5 && memcmp(name, "xmlns", 5) == 0) {
            int pushed = push_binding(r, NULL, 0, value, value_len);
            if (pushed <= 0)
                return pushed;
        } else if (colon == 5 && memcmp(name, "xmlns", 5) == 0) {
            if ((len - 6 == 3 && memcmp(name + 6, "xml", 3) == 0) ||
                (len - 6 == 5 && memcmp(name + 6, "xmlns", 5) == 0))
                return 0; /* reserved prefixes */
            int pushed = push_binding(r, name + 6, len - 6, value, value_len);
            if (pushed <= 0)
                return pushed;
        } else if (colon >= 0) {
            int found;
            if (colon == 3 && memcmp(name, "xml", 3) == 0)
                continue; /* xml:lang and friends: bound by definition */
            resolve(r, name, colon, &found);
            if (!found)
                return 0; /* checked against the bindings declared so far; lxml decides */
        }
    }
}

static PyObject *read_element(Reader *r, int depth, PyObject **tag);

static int push_child(Reader *r, PyObject *tag, PyObject *content) {
    if (r->n_stack == r->stack_cap) {
        Py_ssize_t cap = r->stack_cap ? r->stack_cap * 2 : 256;
        Child *grown = PyMem_Realloc(r->stack, (size_t)cap * sizeof(Child));
        if (grown == NULL) {
            PyErr_NoMemory();
            return 0;
        }
        r->stack = grown;
        r->stack_cap = cap;
    }
    r->stack[r->n_stack].tag = tag;
    r->stack[r->n_stack++].content = content;
    return 1;
}

/* Everything built here holds only strings and other such containers, so it cannot be
 * part of a reference cycle. As the collector itself would at its next pass, each is
 * untracked: a page of receipts is then no work for the cyclic collector at all
 * (measured: one full collection over a tracked 5,000-receipt tree took longer than
 * reading it). A dict that later receives a container is tracked again by CPython. */
static PyObject *untracked(PyObject *container) {
    if (container != NULL)
        PyObject_GC_UnTrack(container);
    return container;
}

/* The children r->stack[base:] as content: a dict by tag, or, when a tag repeats (a
 * list of receipts, of lines), a tuple of (tag, content) pairs in document order. */
static PyObject *children_content(Reader *r, Py_ssize_t base) {
    Py_ssize_t n = r->n_stack - base;
    PyObject *fields = PyDict_New();
    if (fields == NULL)
        return NULL;
    for (Py_ssize_t i = base; i < r->n_stack; i++) {
        if (PyDict_SetItem(fields, r->stack[i].tag, r->stack[i].content) < 0) {
            Py_DECREF(fields);
            return NULL;
        }
    }
    if (PyDict_GET_SIZE(fields) == n)
        return untracked(fields);
    Py_DECREF(fields);
    PyObject *pairs = PyTuple_New(n);
    if (pairs == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *pair = untracked(PyTuple_Pack(2, r->stack[base + i].tag,
                                                r->stack[base + i].content));
        if (pair == NULL) {
            Py_DECREF(pairs);
            return NULL;
        }
        PyTuple_SET_ITEM(pairs, i, pair);
    }
    return untracked(pairs);
}

/* The children of an element, whose first child starts at r->p; up to its end tag. */
static PyObject *read_children(Reader *r, int depth, const char *name, Py_ssize_t name_len) {
    Py_ssize_t base = r->n_stack;
    PyObject *children = NULL;
    for (;;) {
        /* r->p is at '<' */
        if (r->p + 1 >= r->end)
            goto declined;
        char next = r->p[1];
        if (next == '/') {
            r->p += 2;
            if ((r->end - r->p) < name_len || memcmp(r->p, name, (size_t)name_len) != 0)
                goto declined;
            r->p += name_len;
            if (r->p < r->end && (byte_class[(unsigned char)*r->p] & (C_NAME | C_NAME_START)))
                goto declined; /* a longer name that begins with ours */
            skip_space(r);
            if (r->p >= r->end || *r->p != '>')
                goto declined;
            r->p++;
            children = children_content(r, base);
            goto done;
        }
        if (next == '!' || next == '?')
            goto declined; /* comments, CDATA, processing instructions */
        PyObject *tag;
        PyObject *child = read_element(r, depth + 1, &tag);
        if (child == NULL)
            goto done;
        if (!push_child(r, tag, child)) {
            Py_DECREF(child);
            goto done;
        }
        const char *text;
        Py_ssize_t len;
        int special, blank;
        if (!scan_text(r, &text, &len, &special, &blank) || !blank)
            goto declined; /* text beside elements is mixed content */
    }
declined:
    r->declined = 1;
done:
    while (r->n_stack > base)
        Py_DECREF(r->stack[--r->n_stack].content);
    return children;
}

/* One element at r->p ('<' of its start tag): returns its content and sets *tag to
 * its tag (borrowed from the tag cache, which lives as long as the parse). */
static PyObject *read_element(Reader *r, int depth, PyObject **tag) {
    if (depth > MAX_DEPTH)
        return decline(r);
    r->p++;
    const char *name;
    Py_ssize_t name_len, colon;
    if (!read_name(r, &name, &name_len, &colon))
        return decline(r);
    Py_ssize_t scope = r->n_bindings;
    PyObject *content = NULL;
    int empty;
    int attributes = read_attributes(r, &empty);
    if (attributes <= 0) {
        if (attributes == 0)
            r->declined = 1;
        goto done;
    }
    int found;
    PyObject *uri = colon < 0 ? resolve(r, NULL, 0, &found) : resolve(r, name, colon, &found);
    if (!found) {
        r->declined = 1; /* an undeclared prefix */
        goto done;
    }
    const char *local = colon < 0 ? name : name + colon + 1;
    Py_ssize_t local_len = colon < 0 ? name_len : name_len - colon - 1;
    *tag = tag_for(r, uri, local, local_len);
    if (*tag == NULL)
        goto done;
    if (empty) {
        content = PyUnicode_New(0, 0);
        goto done;
    }
    const char *text;
    Py_ssize_t len;
    int special, blank;
    if (!scan_text(r, &text, &len, &special, &blank)) {
        r->declined = 1;
        goto done;
    }
    if (r->p + 1 < r->end && r->p[1] == '/') {
        /* a leaf: its one text, then its end tag */
        r->p += 2;
        if ((r->end - r->p) < name_len || memcmp(r->p, name, (size_t)name_len) != 0 ||
            (r->p + name_len < r->end &&
             (byte_class[(unsigned char)r->p[name_len]] & (C_NAME | C_NAME_START)))) {
            r->declined = 1;
            goto done;
        }
        r->p += name_len;
        skip_space(r);
        if (r->p >= r->end || *r->p != '>') {
            r->declined = 1;
            goto done;
        }
        r->p++;
        content = text_value(r, text, len, special);
    } else if (!blank) {
        r->declined = 1; /* text before the first child: mixed content */
    } else {
        content = read_children(r, depth, name, name_len);
    }
done:
    pop_bindings(r, scope); /* the element's declarations go out of scope */
    return content;
}

/* <?xml version="1.0" encoding="UTF-8" standalone="yes"?>, strictly; 0 declines. */
static int read_declaration(Reader *r) {
    static const char *const keys[] = {"version", "encoding", "standalone"};
    r->p += 5; /* "<?xml" */
    int next_key = 0;
    for (;;) {
        const char *before = r->p;
        skip_space(r);
        if (r->p + 1 < r->end && r->p[0] == '?' && r->p[1] == '>') {
            r->p += 2;
            return next_key > 0; /* version is required */
        }
        if (r->p == before)
            return 0;
        const char *name;
        Py_ssize_t len, colon;
        if (!read_name(r, &name, &len, &colon))
            return 0;
        int key = -1;
        for (int k = next_key; k < 3; k++)
            if ((Py_ssize_t)strlen(keys[k]) == len && memcmp(name, keys[k], (size_t)len) == 0)
                key = k;
        if (key < 0 || (next_key == 0 && key != 0))
            return 0;
        next_key = key + 1;
        const char *value;
        Py_ssize_t n;
        if (!read_value(r, &value, &n))
            return 0;
        if (key == 0 && !(n == 3 && memcmp(value, "1.0", 3) == 0))
            return 0;
        if (key == 1 && !(n == 5 && (memcmp(value, "UTF-8", 5) == 0 ||
                                     memcmp(value, "utf-8", 5) == 0)))
            return 0; /* other encodings: lxml */
        if (key == 2 && !((n == 3 && memcmp(value, "yes", 3) == 0) ||
                          (n == 2 && memcmp(value, "no", 2) == 0)))
            return 0;
    }
}

static PyObject *parse(PyObject *module, PyObject *arg) {
    (void)module;
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    Reader r = {0};
    r.default_top = -1;
    r.p = view.buf;
    r.end = r.p + view.len;
    PyObject *root = NULL;
    r.uris = PyDict_New();
    if (r.uris == NULL)
        goto done;
    if (r.end - r.p >= 3 && memcmp(r.p, "\xEF\xBB\xBF", 3) == 0)
        r.p += 3;
    if (r.end - r.p >= 6 && memcmp(r.p, "<?xml", 5) == 0 &&
        (byte_class[(unsigned char)r.p[5]] & C_SPACE)) {
        if (!read_declaration(&r)) {
            r.declined = 1;
            goto done;
        }
    }
    skip_space(&r);
    if (r.p + 1 >= r.end || *r.p != '<' || r.p[1] == '!' || r.p[1] == '?') {
        r.declined = 1;
        goto done;
    }
    /* Nothing but this function runs while it holds the GIL, so pausing the cyclic
     * collector is invisible to other code; it would otherwise walk the growing tree
     * again and again (measured: 4x the time of the whole read). */
    int collecting = PyGC_Disable();
    PyObject *tag;
    PyObject *content = read_element(&r, 0, &tag);
    if (collecting)
        PyGC_Enable();
    if (content != NULL) {
        skip_space(&r);
        if (r.p == r.end)
            root = PyTuple_Pack(2, tag, content);
        else
            r.declined = 1; /* something after the root element */
        Py_DECREF(content);
    }
done:
    for (size_t i = 0; i < r.tags_cap; i++)
        Py_XDECREF(r.tags[i].tag);
    PyMem_Free(r.tags);
    PyMem_Free(r.bindings);
    PyMem_Free(r.prefixes);
    PyMem_Free(r.scratch);
    PyMem_Free(r.stack); /* empty: every child went into its parent's tuple or was freed */
    if (r.texts != NULL)
        for (size_t i = 0; i < TEXT_CACHE_SIZE; i++)
            Py_XDECREF(r.texts[i].text);
    PyMem_Free(r.texts);
    Py_XDECREF(r.uris);
    PyBuffer_Release(&view);
    if (root == NULL && r.declined && !PyErr_Occurred())
        Py_RETURN_NONE;
    return root;
}

static PyMethodDef methods[] = {
    {"parse", parse, METH_O,
     "parse(data: bytes) -> tuple | None\n\n"
     "The document's root element as (tag, content). Content is the text of an element\n"
     "without child elements; else its children as a dict by tag, or, when a tag\n"
     "repeats, as a tuple of (tag, content) pairs in document order. None\n"
     "when the document is not plain, well-formed UTF-8 XML of elements and text; read\n"
     "it with lxml then."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_xmltree",
    .m_doc = "A strict, minimal XML reader for SOAP answers; see parse().",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__xmltree(void) {
    init_byte_class();
    return PyModule_Create(&module);
}
