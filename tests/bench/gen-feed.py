#!/usr/bin/env python3
"""gen-feed.py KIND MB OUT: write a WordPress-style RSS 2.0 feed (KIND rss;
rss-escaped: the same with escaped markup, &lt;p&gt;, instead of CDATA
sections), an Atom 1.0 feed with nested xml:base (atom) or a JSON Feed
(json) of about MB megabytes:
content:encoded, dc:creator, categories, Norwegian text with some CJK and
emoji.  Deterministic (fixed seed) so runs compare."""
import random
import sys

WORDS = ("gründer innovasjon økosystem kapital såkornfond bærekraft "
         "havbruk Trøndelag Bodø Tromsø oppstart investering forskning "
         "samarbeid næringsliv kommune fylke teknologi løsning "
         "utvikling marked kunder ansatte vekst eksport energi "
         "hydrogen batteri fiskeri reiseliv digitalisering på og i "
         "for med til som er det en et av fra har skal kan vil "
         "ærlig talt større mindre nå også").split()
SPICE = ["東京", "日本語", "中文", "한국어", "😀", "🚀", "🌊", "—", "«sitat»"]


def sentence(r, n):
    w = [r.choice(WORDS) for _ in range(n)]
    if r.random() < 0.15:
        w.insert(r.randrange(len(w)), r.choice(SPICE))
    s = " ".join(w)
    return s[0].upper() + s[1:] + "."


def paragraph(r):
    return " ".join(sentence(r, r.randint(6, 16)) for _ in range(r.randint(3, 7)))


def content(r):
    parts = []
    for i in range(r.randint(4, 9)):
        p = paragraph(r)
        if i == 1:
            p = p.replace(" og ", ' og <a href="https://example.no/lenke?a=1&amp;b=2">en lenke</a> ', 1)
        if i == 2:
            p = "<strong>" + p + "</strong>"
        parts.append("<p>" + p + "</p>")
    parts.append('<figure><img src="https://example.no/wp-content/uploads/bilde.jpg" alt="Bilde"/></figure>')
    return "\n".join(parts)


DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
          "Oct", "Nov", "Dec"]


def cdata(text, escaped):
    if escaped:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "<![CDATA[%s]]>" % text


def rss_escaped(r, out, limit):
    rss(r, out, limit, True)


def rss(r, out, limit, escaped=False):
    out.write('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
              '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
              '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
              '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
              '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
              '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
              '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/">\n'
              '<channel>\n\t<title>Gründerbloggen &#8211; benchmark</title>\n'
              '\t<atom:link href="https://grunder.example.no/feed/" rel="self" type="application/rss+xml" />\n'
              '\t<link>https://grunder.example.no</link>\n'
              '\t<description>Om oppstart og økosystemet</description>\n'
              '\t<lastBuildDate>Mon, 02 Mar 2015 10:00:00 +0000</lastBuildDate>\n'
              '\t<language>nb-NO</language>\n')
    n = 0
    while out.tell() < limit:
        n += 1
        title = sentence(r, r.randint(4, 10)).rstrip(".")
        slug = "innlegg-%d" % n
        d = "%s, %02d %s %d %02d:%02d:%02d +0100" % (
            DAYS[n % 7], 1 + n % 28, MONTHS[n % 12], 2010 + n % 15,
            n % 24, n % 60, (n * 7) % 60)
        out.write('\t<item>\n\t\t<title>%s &#8211; del %d</title>\n' % (title, n))
        out.write('\t\t<link>https://grunder.example.no/2015/03/%s/</link>\n' % slug)
        out.write('\t\t<comments>https://grunder.example.no/2015/03/%s/#respond</comments>\n' % slug)
        out.write('\t\t<dc:creator><![CDATA[%s]]></dc:creator>\n' % r.choice(
            ["Åse Ødegård", "Kari Nordmann", "Ola Bø", "Jørgen Æsøy", "田中"]))
        out.write('\t\t<pubDate>%s</pubDate>\n' % d)
        for c in r.sample(["Kapital", "Gründere", "Havbruk", "Energi", "Trøndelag", "Nord-Norge"], 3):
            out.write('\t\t<category><![CDATA[%s]]></category>\n' % c)
        out.write('\t\t<guid isPermaLink="false">https://grunder.example.no/?p=%d</guid>\n' % n)
        out.write('\t\t<description>%s</description>\n' % cdata(paragraph(r)[:300] + " [&#8230;]", escaped))
        out.write('\t\t<content:encoded>%s</content:encoded>\n' % cdata(content(r), escaped))
        out.write('\t\t<wfw:commentRss>https://grunder.example.no/2015/03/%s/feed/</wfw:commentRss>\n' % slug)
        out.write('\t\t<slash:comments>%d</slash:comments>\n' % (n % 9))
        if n % 5 == 0:
            out.write('\t\t<enclosure url="https://grunder.example.no/lyd/%d.mp3" length="%d" type="audio/mpeg" />\n' % (n, n * 1000))
        out.write('\t</item>\n')
    out.write('</channel>\n</rss>\n')


def atom(r, out, limit):
    out.write('<?xml version="1.0" encoding="utf-8"?>\n'
              '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nb" xml:base="https://blogg.example.no/">\n'
              '  <title type="html">Nyheter fra &lt;em&gt;Bodø&lt;/em&gt;</title>\n'
              '  <link rel="alternate" type="text/html" href="/"/>\n'
              '  <id>tag:blogg.example.no,2015:feed</id>\n'
              '  <updated>2015-03-02T10:00:00+01:00</updated>\n'
              '  <author><name>Redaksjonen</name></author>\n')
    n = 0
    while out.tell() < limit:
        n += 1
        title = sentence(r, r.randint(4, 10)).rstrip(".")
        out.write('  <entry xml:base="/%d/">\n' % (2010 + n % 15))
        out.write('    <title type="html">%s &amp;amp; mer</title>\n' % title)
        out.write('    <link rel="alternate" type="text/html" href="%02d/innlegg-%d"/>\n' % (1 + n % 12, n))
        out.write('    <id>tag:blogg.example.no,2015:%d</id>\n' % n)
        out.write('    <published>%d-%02d-%02dT%02d:%02d:00+01:00</published>\n' % (2010 + n % 15, 1 + n % 12, 1 + n % 28, n % 24, n % 60))
        out.write('    <updated>%d-%02d-%02dT%02d:%02d:00Z</updated>\n' % (2010 + n % 15, 1 + n % 12, 1 + n % 28, n % 24, n % 60))
        out.write('    <author><name>%s</name></author>\n' % r.choice(["Ola Nordmann", "Åse Ødegård", "李"]))
        out.write('    <category term="nyheter"/><category term="bodø"/>\n')
        out.write('    <summary type="text">%s</summary>\n' % paragraph(r)[:200])
        c = content(r).replace("&amp;", "&amp;amp;").replace("<", "&lt;").replace(">", "&gt;")
        out.write('    <content type="html">%s</content>\n' % c)
        out.write('  </entry>\n')
    out.write('</feed>\n')


def jsonfeed(r, out, limit):
    import json
    out.write('{"version": "https://jsonfeed.org/version/1.1", '
              '"title": "Mikrobloggen", "home_page_url": "https://mikro.example.no/", '
              '"language": "nb-NO", "items": [\n')
    n = 0
    while out.tell() < limit:
        n += 1
        it = {"id": str(n), "url": "https://mikro.example.no/%d" % n,
              "title": sentence(r, r.randint(4, 10)).rstrip("."),
              "content_html": content(r),
              "date_published": "%d-%02d-%02dT%02d:%02d:00+01:00" % (
                  2010 + n % 15, 1 + n % 12, 1 + n % 28, n % 24, n % 60),
              "authors": [{"name": r.choice(["Kari", "Per", "Åse"])}],
              "tags": ["mat", "bær"]}
        out.write((",\n" if n > 1 else "") + json.dumps(it, ensure_ascii=False))
    out.write("\n]}\n")


def main():
    kind, mb, path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    r = random.Random(42)
    gen = {"rss": rss, "rss-escaped": rss_escaped, "atom": atom, "json": jsonfeed}[kind]
    with open(path, "w", encoding="utf-8") as out:
        gen(r, out, int(mb * 1024 * 1024))


main()
