"""Imitations of the content-management systems real county portals run, on 127.0.0.1
(Python standard library only), for the adapter tests.

CmsPortal(family) serves one county column of 12 townships x 2019-2021 = 36 reports, laid
out the way that family lays it out, among items that are not reports: 8 notices and news
items, 6 解读/图解 pages and notices about 年报 work (which name a township, a year and the
report, and must still not count), and one report of a township the registry does not
have (石头镇). The reports are real report pages (county_gen.report); three of them are
links straight at a PDF or Word file with the report's title.

  trs4     TRS WCM, old pager: /gov/gknb/index.html, index_1.html … index_5.html,
           createPageHTML(6, k, "index", "html"); reports ./202001/t20200118_<id>.html
  trs6     TRS WCM, newer pager: /gov/nb/dezlist.shtml, dezlist_2.shtml … dezlist_6.shtml,
           createPageHTML('page_div', 6, k, 'dezlist', 'shtml', 55)
  hanweb   大汉 JCMS: /col/col1229/index.html with the first 20 records inline in a
           <script type="text/xml"><datastore>, the jpage script (totalRecord:55,
           perPage:10, groupSize:2) and var param_4407 = {...}; the rest only from
           POST /module/web/jpage/dataproxy.jsp?startrecord=S&endrecord=E&perpage=10 with
           the param_ fields as the form (anything else: HTTP 400); reports
           /art/2020/1/18/art_1229_<id>.html
  hanwebpage  大汉 JCMS whose column page's own script pages the data proxy by page number
           (url: proxy + '?page=' + p + '&perpage=' + 12): the first 12 records inline
           with no count anywhere on the page; POST …/dataproxy.jsp?page=N&perpage=12 with
           the param_ fields answers page N and <totalrecord>51</totalrecord>, and a page
           past the end the last page again (as some sites do); startrecord=: HTTP 400
  gkmlpt   Guangdong 政府信息公开目录: /gkmlpt/index (no #category: window._CONFIG with SID
           755031 and the category TREE as JSON, where 年报 sits among 统计年报, 年报解读 and
           a jump_url category), GET /gkmlpt/api/all/2590?page=N&sid=755031 (20 articles a
           page, JSON); the whole catalogue (category 0) adds 25 policy documents to the
           column's items, 年报解读 (2589) holds the 解读 items, 统计年报 (2592) a 统计公报;
           another category or site id: no articles; reports
           /gkmlpt/content/2/2590/post_<id>.html
  columns  every township its own column, /towns/<slug>/index.html, whose titles do not
           name the township ("2019年度政府信息公开工作年度报告"), for townships.csv's
           listing column; the county's own listing /towns/index.html holds news only

own_listings = slugs gives those townships a column of their own besides the family's
listing (/towns/<slug>/index.html, as in columns); hidden = item ids leaves those items out
of every listing (a report the portal does not show); fail = {path: status} answers those
paths with that HTTP status.

challenge = "ruishu" answers every request 412 with a 瑞数-style script page and cookies,
"jsl" 521 with 加速乐's __jsluid cookie and document.cookie script, "script200" a 200
that is only such a script; challenge_reports = True challenges the report pages only.

The server logs every request (method, path, form body, start time, status) and the most
requests it served at once per Host, for the politeness checks; static pages are served
with ETag and Last-Modified, 304 and gzip (portal_server.CountingHandler, shared).
"""
import html
import json
import os
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import county_gen  # noqa: E402
import portal_server as ps  # noqa: E402

YEARS = (2019, 2021)
NAMES = county_gen.township_names(12)
TOWNSHIPS = [(name, f"t{i + 1:02d}") for i, name in enumerate(NAMES)]
FAMILIES = ("trs4", "trs6", "hanweb", "hanwebpage", "gkmlpt", "columns")
SID = "755031"
CATEGORY = 2590
PARAM = {"col": "1", "appid": "1", "webid": "3", "path": "/", "columnid": "1229", "sourceContentType": "1",
         "unitid": "4407", "webname": "示例县人民政府", "permissiontype": "0"}
HANWEB_PER_PAGE, HANWEB_GROUP = 10, 2
HANWEB_PAGE_SIZE = 12  # hanwebpage: records a page
GKMLPT_PER_PAGE = 20
PAGE_SIZE = 10  # items on a TRS page


def title_of(name, year, shape):
    return [f"{name}{year}年政府信息公开工作年度报告",
            f"{year}年度{name}政府信息公开工作年度报告",
            f"示例县{name}人民政府{year}年政府信息公开工作年度报告"][shape % 3]


class Item:
    def __init__(self, ident, title, report=None, ext="html"):
        self.id = ident
        self.title = title
        self.report = report  # (name, slug, year) for a report of a registered township
        self.ext = ext        # html, pdf or docx


def items():
    """The column's items in listing order: 36 reports, 1 unregistered, 14 others."""
    reports = []
    n = 0
    for year in range(YEARS[1], YEARS[0] - 1, -1):  # newest first, as portals list
        for name, slug in TOWNSHIPS:
            ext = "pdf" if n in (5, 23) else "docx" if n == 30 else "html"
            reports.append(Item(1000 + n, title_of(name, year, n), (name, slug, year), ext))
            n += 1
    a, b = NAMES[0], NAMES[1]
    others = [
        Item(2001, f"关于做好{YEARS[1]}年政府信息公开工作年度报告编制和发布工作的通知"),
        Item(2002, f"{a}{YEARS[0]}年政府信息公开工作年度报告解读"),
        Item(2003, f"图解：{b}{YEARS[1]}年度政府信息公开工作年度报告"),
        Item(2004, f"一图读懂{a}{YEARS[1]}年政府信息公开工作年度报告解读"),
        Item(2005, f"{b}{YEARS[0]}年度政府信息公开工作年度报告的公告"),
        Item(2006, f"关于{YEARS[1]}年度政府信息公开工作年度报告的通知"),
        Item(2007, f"{a}召开{YEARS[1]}年政务公开工作会议"),
        Item(2008, "示例县人民政府关于调整部分行政事业性收费的通知"),
        Item(2009, f"{b}{YEARS[0]}年度部门预算公开"),
        Item(2010, "政府信息公开指南"),
        Item(2011, "政府信息公开制度"),
        Item(2012, f"{YEARS[1]}年度法治政府建设情况报告"),
        Item(2013, "示例县2020年国民经济和社会发展统计公报"),
        Item(2014, "关于征集意见的公告"),
    ]
    unregistered = Item(3001, f"石头镇{YEARS[1]}年政府信息公开工作年度报告")
    out, k = [], 0
    for i, r in enumerate(reports):
        out.append(r)
        if i % 3 == 2 and k < len(others):
            out.append(others[k])
            k += 1
        if i == 17:
            out.append(unregistered)
    out.extend(others[k:])
    return out


ITEMS = items()
REPORTS = [i for i in ITEMS if i.report]
POLICIES = [Item(4001 + k, f"示例县人民政府关于印发第{k + 1}号规范性文件的通知") for k in range(25)]
GKMLPT_TREE = [
    {"id": 2580, "name": "机构职能", "jump_url": "", "post_count": 3, "children": []},
    {"id": 2581, "name": "政策文件", "jump_url": "", "post_count": 25, "children": [
        {"id": 2582, "name": "规范性文件", "jump_url": "", "post_count": 25, "children": []},
        {"id": 2583, "name": "政策解读", "jump_url": "", "post_count": 0, "children": []}]},
    {"id": 2586, "name": "年度报告（外链）", "jump_url": "http://www.gd.gov.cn/zwgk/", "children": []},
    {"id": 2584, "name": "年度报告", "jump_url": "", "post_count": 52, "children": [
        {"id": 2589, "name": "年报解读", "jump_url": "", "post_count": 3, "children": []},
        {"id": 2592, "name": "统计年报", "jump_url": "", "post_count": 1, "children": []},
        {"id": CATEGORY, "name": "政府信息公开年报", "jump_url": "", "post_count": len(ITEMS), "children": []}]},
    {"id": 2595, "name": "政府信息公开指南", "jump_url": "/gkmlpt/guide", "children": []},
]
assert len(REPORTS) == 36 and len(ITEMS) == 51


def pdf_bytes(title):
    return (b"%PDF-1.4\n% a report file (its text is not the tables: issue 12 reads those)\n"
            + title.encode("utf-8") + b"\n%%EOF\n")


def docx_bytes(title):
    return b"PK\x03\x04" + title.encode("utf-8")


def link(href, title):
    t = html.escape(title)
    return f'<li><a href="{href}" title="{t}" target="_blank">{t}</a><span>2022-01-20</span></li>'


def page(title, body, scripts=""):
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'</head><body><div class="nav"><a href="/">首页</a> <a href="/gov/">政务公开</a></div>'
            f'{body}<div class="foot">示例县人民政府办公室主办</div>{scripts}</body></html>').encode("utf-8")


RUISHU = ('<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
          '<meta id="9DhefwqGPrzGxEp9hPaoag" content="x"><script type="text/javascript" charset="utf-8" '
          'src="/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js"></script><script>$_ts=window[\'$_ts\'];if(!$_ts)$_ts={};'
          '$_ts.nsd=41852;$_ts.cd="qqqqqqqqqqqq";</script></head><body><script>(function(){'
          'var a=1;})();</script></body></html>').encode("utf-8")
JSL = ('<html><body><script>document.cookie=(\'_\')+(\'_\')+(\'j\')+(\'s\')+(\'l\')+(\'_\')+(\'c\')+'
       '(\'l\')+(\'e\')+(\'a\')+(\'r\')+(\'a\')+(\'n\')+(\'c\')+(\'e\')+(\'=\')+(1+0)+\';max-age=3600;path=/\';'
       'location.href=location.pathname+location.search</script></body></html>').encode("utf-8")


class CmsPortal:
    def __init__(self, family, challenge=None, challenge_reports=False, tls=None, host="127.0.0.1",
                 own_listings=(), hidden=(), fail=None, gkmlpt_tree=True):
        """tls: (certificate file, key file) to serve https; host: the name the portal's
        own absolute links (gkmlpt's article URLs) use."""
        assert family in FAMILIES
        self.family = family
        self.host = host
        self.scheme = "https" if tls else "http"
        self.challenge = challenge
        self.challenge_reports = challenge_reports
        self.own_listings = tuple(own_listings)
        self.hidden = set(hidden)
        self.fail = dict(fail or {})
        self.gkmlpt_tree = gkmlpt_tree  # False: an index page without the category tree
        self.log = []
        self.lock = threading.Lock()
        self.active = {}      # requests being served, by Host
        self.max_active = {}  # the most served at once, by Host
        self.published = int(time.time()) - 86400  # the static pages' Last-Modified
        self.pages = {}  # path -> (content type, bytes) of the static pages
        self.build()
        self.server = ps.QuietServer(("127.0.0.1", 0), self.handler_class())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        if tls:
            import ssl
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # ---- what the portal holds ----

    @property
    def base(self):
        return f"{self.scheme}://{self.host}:{self.port}"

    @property
    def listing(self):
        return {"trs4": "/gov/gknb/index.html", "trs6": "/gov/nb/dezlist.shtml", "hanweb": "/col/col1229/index.html",
                "hanwebpage": "/col/col1229/index.html", "gkmlpt": "/gkmlpt/index", "columns": "/towns/index.html"}[self.family]

    def report_path(self, item):
        if self.family in ("trs4", "trs6"):
            folder = "/gov/gknb/" if self.family == "trs4" else "/gov/nb/"
            if item.ext != "html":
                return f"{folder}P0202201{item.id}.{item.ext}"
            return f"{folder}202201/t20220120_{item.id}.html"
        if self.family.startswith("hanweb"):
            return f"/art/2022/1/20/art_1229_{item.id}.{item.ext if item.ext != 'html' else 'html'}"
        if self.family == "gkmlpt":
            return f"/gkmlpt/content/2/{CATEGORY}/post_{item.id}.{item.ext}"
        slug = item.report[1] if item.report else "news"
        return f"/towns/{slug}/content/post_{item.id}.{item.ext}"

    def href(self, item):
        """The link as the listing writes it (TRS: relative to the listing page)."""
        path = self.report_path(item)
        if self.family in ("trs4", "trs6"):
            folder = "/gov/gknb/" if self.family == "trs4" else "/gov/nb/"
            return "./" + path[len(folder):]
        if self.family == "gkmlpt":
            return self.base + path
        return path

    def report_urls(self):
        return {self.base + self.report_path(i) for i in REPORTS}

    def build(self):
        for item in ITEMS:
            path = self.report_path(item)
            if item.report:
                name, _, year = item.report
                if item.ext == "pdf":
                    self.pages[path] = ("application/pdf", pdf_bytes(item.title))
                elif item.ext == "docx":
                    self.pages[path] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                        docx_bytes(item.title))
                else:
                    self.pages[path] = ("text/html; charset=utf-8",
                                        county_gen.report(name, year, title=item.title).encode("utf-8"))
            else:
                self.pages[path] = ("text/html; charset=utf-8",
                                    page(item.title, f"<h1>{html.escape(item.title)}</h1><p>正文。</p>"))
        getattr(self, "build_trs" if self.family.startswith("trs") else "build_" + self.family)()
        if self.family != "columns":
            self.build_own_listings(self.own_listings)

    def listed(self):
        return [i for i in ITEMS if i.id not in self.hidden]

    def build_trs(self):
        items = self.listed()
        chunks = [items[i:i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)]
        count = len(chunks)
        for k, chunk in enumerate(chunks):
            lis = "".join(link(self.href(i), i.title) for i in chunk)
            if self.family == "trs4":
                name = "index.html" if k == 0 else f"index_{k}.html"
                script = (f"<script>var countPage = {count}//共多少页\nvar currentPage = {k};\n"
                          f'createPageHTML(countPage, currentPage, "index", "html");</script>')
                folder = "/gov/gknb/"
            else:
                name = "dezlist.shtml" if k == 0 else f"dezlist_{k + 1}.shtml"
                script = f"<script>createPageHTML('page_div',{count}, {k + 1},'dezlist','shtml',{len(ITEMS)});</script>"
                folder = "/gov/nb/"
            self.pages[folder + name] = ("text/html; charset=utf-8",
                                         page("政府信息公开年报", f'<ul class="list">{lis}</ul><div id="page_div"></div>',
                                              '<script src="/js/page.js"></script>' + script))

    def datastore(self, chunk, total, nextgroup=True):
        """total None: no <totalrecord>."""
        records = "".join(f"<record><![CDATA[{link(self.href(i), i.title)}]]></record>\n" for i in chunk)
        query = "&".join(f"{k}={v}" for k, v in PARAM.items() if k != "col")
        ng = (f'<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&{query}"></a>]]></nextgroup>'
              if nextgroup else "")
        count = "" if total is None else f"<totalrecord>{total}</totalrecord>"
        return f"<datastore>{ng}<recordset>\n{records}</recordset>{count}</datastore>"

    def column_page(self, first, total, pager):
        """A Hanweb column page: the first records inline, the param_ fields, then pager (the
        script that asks the data proxy for the rest)."""
        param = ",".join(f"{k}:'{v}'" if not v.isdigit() else f"{k}:{v}" for k, v in PARAM.items())
        body = (f'<div class="main"><div id="4407"><script type="text/xml">'
                f"{self.datastore(first, total)}</script></div></div>")
        scripts = (f'<script src="/module/web/jpage/jpage.js"></script><script>var param_4407 = {{{param}}};'
                   f"{pager}</script><script>var _stat = {{site: 'gov', page: 'col1229'}};</script>")  # a page of its own
        self.pages["/col/col1229/index.html"] = ("text/html; charset=utf-8", page("年报", body, scripts))

    def build_hanweb(self):
        self.column_page(ITEMS[:HANWEB_PER_PAGE * HANWEB_GROUP], len(ITEMS),
                         f"$(document).ready(function(){{$('#4407').jpage({{dataStore: dataStore, "
                         f"proxyUrl:'/module/web/jpage/dataproxy.jsp', perPage:{HANWEB_PER_PAGE}, "
                         f"groupSize:{HANWEB_GROUP}, totalRecord:{len(ITEMS)}, ajaxParam: param_4407}});}});")

    def build_hanwebpage(self):
        self.column_page(ITEMS[:HANWEB_PAGE_SIZE], None,
                         f"var proxyUrl = '/module/web/jpage/dataproxy.jsp';"
                         f"function loadPage(p){{$.ajax({{type:'POST', url: proxyUrl + '?page=' + p + '&perpage=' + "
                         f"{HANWEB_PAGE_SIZE}, data: param_4407, success: function(xml){{ show('#4407', xml); }}}});}}"
                         f"$(document).ready(function(){{$('#4407').pager({{perPage:{HANWEB_PAGE_SIZE}, "
                         f"onPage: loadPage}});}});")

    def build_gkmlpt(self):
        tree = json.dumps(GKMLPT_TREE, ensure_ascii=False)
        config = (f"window._CONFIG = {{SID: '{SID}', SITE_NAME: '示例县人民政府', ROOT: '/gkmlpt/', "
                  + (f"TREE: {tree}, " if self.gkmlpt_tree else "") + "SERVICE_AREA_ID: 0};")
        for item in POLICIES:
            self.pages[self.report_path(item)] = ("text/html; charset=utf-8", page(item.title, "<p>正文。</p>"))
        self.pages["/gkmlpt/index"] = ("text/html; charset=utf-8",
                                       f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开</title>'
                                       f'<script>{config}</script></head><body><div id="app"></div>'
                                       f'<script src="/gkmlpt/static/js/app.js"></script></body></html>'.encode())

    def build_columns(self):
        self.build_own_listings([slug for _, slug in TOWNSHIPS])
        news = "".join(link(self.href(i), i.title) for i in ITEMS if not i.report)
        self.pages["/towns/index.html"] = ("text/html; charset=utf-8", page("乡镇街道", f"<ul>{news}</ul>"))

    def build_own_listings(self, slugs):
        for name, slug in TOWNSHIPS:
            if slug not in slugs:
                continue
            mine = [i for i in REPORTS if i.report[1] == slug and i.id not in self.hidden]
            lis = "".join(link(self.report_path(i), f"{i.report[2]}年度政府信息公开工作年度报告") for i in mine)
            lis += link("/towns/news/content/post_2002.html", f"{name}2019年政府信息公开工作年度报告解读")
            self.pages[f"/towns/{slug}/index.html"] = ("text/html; charset=utf-8",
                                                        page(f"{name}政府信息公开年报", f"<ul>{lis}</ul>"))

    def api(self, category, query):
        q = urllib.parse.parse_qs(query)
        items = {CATEGORY: ITEMS, 0: ITEMS + POLICIES, 2582: POLICIES,
                 2589: [i for i in ITEMS if "解读" in i.title],
                 2592: [i for i in ITEMS if "统计公报" in i.title]}.get(category, [])
        if q.get("sid") != [SID]:
            items = []
        page_no = int(q.get("page", ["1"])[0])
        chunk = items[(page_no - 1) * GKMLPT_PER_PAGE:page_no * GKMLPT_PER_PAGE]
        articles = [{"id": i.id, "title": i.title, "url": self.base + self.report_path(i), "publisher": "示例县",
                     "create_time": 1642636800 + i.id} for i in chunk]
        return {"total": len(items), "articles": articles}

    # ---- the server ----

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def requests(self, prefix=""):
        with self.lock:
            return [r for r in self.log if r["path"].startswith(prefix)]

    def handler_class(self):
        portal = self

        class Handler(ps.CountingHandler):
            def do_GET(self):
                self.serve("GET")

            def do_POST(self):
                self.serve("POST")

            def serve(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                form = self.rfile.read(length).decode("utf-8", "replace") if length else ""
                proxied = self.path.startswith(("http://", "https://"))  # a proxy's request: absolute form
                if proxied:
                    parts = urllib.parse.urlsplit(self.path)
                    self.path = parts.path + ("?" + parts.query if parts.query else "")
                entry = self.begin(method=method, form=form, proxied=proxied)
                try:
                    self.route(entry, method, form)
                finally:
                    self.release()

            def answer(self, entry, status, body, ctype="text/html; charset=utf-8", headers=()):
                self.send(entry, status, body, [("Content-Type", ctype), *headers])

            def challenged(self, entry):
                c = portal.challenge
                if c == "ruishu":
                    self.answer(entry, 412, RUISHU, headers=[("Set-Cookie", "FSSBBIl1UgzbN7N80S=Yq2ptbxzZa; Path=/"),
                                                           ("Set-Cookie", "FSSBBIl1UgzbN7N80T=3sT1.x; Path=/")])
                elif c == "jsl":
                    self.answer(entry, 521, JSL, headers=[("Set-Cookie", "__jsluid_h=0f3b6c1d; max-age=31536000; path=/"),
                                                        ("X-Via-JSL", "1b2d3c,-")])
                else:
                    self.answer(entry, 200, JSL)

            def route(self, entry, method, form):
                path, _, query = self.path.partition("?")
                is_report = path in portal.pages and any(path == portal.report_path(i) for i in ITEMS)
                if portal.challenge and (not portal.challenge_reports or is_report):
                    return self.challenged(entry)
                if path in portal.fail:
                    return self.answer(entry, portal.fail[path], b"<html><body>server error</body></html>")
                if method == "POST":
                    if path != "/module/web/jpage/dataproxy.jsp" or not portal.family.startswith("hanweb"):
                        return self.answer(entry, 405, b"method not allowed")
                    fields = dict(urllib.parse.parse_qsl(form))
                    q = dict(urllib.parse.parse_qsl(query))
                    if any(fields.get(k) != v for k, v in PARAM.items()) or "perpage" not in q:
                        return self.answer(entry, 400, b"bad request")
                    if portal.family == "hanwebpage":
                        if "page" not in q or "startrecord" in q:
                            return self.answer(entry, 400, b"bad request")
                        size, last = int(q["perpage"]), (len(ITEMS) + int(q["perpage"]) - 1) // int(q["perpage"])
                        k = min(int(q["page"]), last)  # past the end: the last page again
                        xml = '<?xml version="1.0" encoding="UTF-8"?>' + portal.datastore(
                            ITEMS[(k - 1) * size:k * size], len(ITEMS), nextgroup=False)
                        return self.answer(entry, 200, xml.encode("utf-8"), "text/xml; charset=UTF-8")
                    if "startrecord" not in q or "endrecord" not in q:
                        return self.answer(entry, 400, b"bad request")
                    start, end = int(q["startrecord"]), int(q["endrecord"])
                    xml = '<?xml version="1.0" encoding="UTF-8"?>' + portal.datastore(
                        ITEMS[start - 1:end], len(ITEMS), nextgroup=False)
                    return self.answer(entry, 200, xml.encode("utf-8"), "text/xml; charset=UTF-8")
                if path.startswith("/gkmlpt/api/all/") and portal.family == "gkmlpt":
                    category = path.rsplit("/", 1)[1]
                    answer = portal.api(int(category) if category.isdigit() else -1, query)
                    return self.answer(entry, 200, json.dumps(answer, ensure_ascii=False).encode("utf-8"),
                                     "application/json; charset=utf-8")
                if path in portal.pages:  # static: ETag, 304, gzip as real portals serve them
                    ctype, body = portal.pages[path]
                    return self.send_static(entry, body, portal.published, {"Content-Type": ctype})
                return self.answer(entry, 404, b"<html><body><h1>404</h1><p>page not found</p></body></html>")

        Handler.portal = portal
        return Handler


def write_config(folder, portal, extra_portal="", extra_fetch="", concurrency=2, delay_ms=30, columns=False,
                 townships=TOWNSHIPS, base=None):
    """county.ini (no scraper = line: auto) and townships.csv; with columns, each township's
    own listing in townships.csv and no county listing; the portal's own_listings are in
    townships.csv besides the county's listing. Returns the ini's path."""
    own = portal.own_listings
    with open(os.path.join(folder, "townships.csv"), "w", encoding="utf-8") as f:
        f.write("name,slug,aliases" + (",listing" if columns or own else "") + "\n")
        for name, slug in townships:
            listing = f"{portal.base}/towns/{slug}/index.html" if columns or slug in own else ""
            f.write(f"{name},{slug}," + (f",{listing}" if columns or own else "") + "\n")
    path = os.path.join(folder, "county.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"""[county]
name = 示例县
townships = townships.csv
years = {YEARS[0]}-{YEARS[1]}

[portal]
{"" if columns else f"listing = {base or portal.base}{portal.listing}"}
max_listing_pages = 20
{extra_portal}
[fetch]
concurrency = {concurrency}
delay_ms = {delay_ms}
timeout_s = 5
retries = 1
backoff_ms = 50
user_agent = nianbao/<version> (+test)
{extra_fetch}""")
    return path
