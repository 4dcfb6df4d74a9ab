"""PDFs of the clinic (dossiers, invoices) from Django templates with WeasyPrint.

A template is a full HTML page with its own <style>: page size, margins and the running footer
("page X of Y") belong in CSS @page rules. Nothing outside the document is fetched: data: URIs only, so
text a user typed can never make the server read a file or call a URL (embed a logo as a data: URI).
"""

from django.template.loader import render_to_string

ALLOWED_PROTOCOLS = ("data",)


def render_document(template_name: str, context: dict):
    """The laid-out WeasyPrint document (pages, their boxes); tests read its text, render_pdf writes it."""
    # Imported here: WeasyPrint loads Pango at import, which only the pages that make PDFs need.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template_name, context)
    fetcher = URLFetcher(allowed_protocols=ALLOWED_PROTOCOLS, allow_redirects=False)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).render()


def render_pdf(template_name: str, context: dict) -> bytes:
    """The PDF of a template rendered with this context."""
    return render_document(template_name, context).write_pdf()


def page_texts(document) -> list[str]:
    """The text on each page of a rendered document, margin boxes (header, footer) included."""
    return [
        " ".join(box.text for box in page._page_box.descendants() if getattr(box, "text", None))
        for page in document.pages
    ]
