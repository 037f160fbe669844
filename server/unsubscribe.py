"""``/unsubscribe/<token>``: the one-click unsubscribe of campaign e-mails (RFC 8058).

GET shows a small confirmation page with a button (a GET changes nothing: mail scanners and
link previews fetch links); POST unsubscribes: the form's button, or a mail client's one-click
``List-Unsubscribe=One-Click`` POST, which carries that body and no cookies or credentials.
The token is the whole authorisation (mail/unsubscribe_links.py: signed, naming the campaign,
contact and channel). The contact's consent for the channel becomes false, with its evidence:
when, which campaign, the client's IP and user agent (models/campaign_actions.py unsubscribe).
An unknown or altered token is 404 and says nothing more; unsubscribing twice is fine.
"""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from mail.unsubscribe_links import verify
from models import campaign_actions

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Unsubscribe</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>{content}</main></body></html>
"""
CONFIRM = """<h1>Unsubscribe</h1><p>Stop receiving these e-mails?</p>
<form method="post" action="{action}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button></form>"""
DONE = "<h1>Unsubscribed</h1><p>You will not receive these e-mails any more.</p>"
UNKNOWN = "<h1>Link not recognised</h1><p>This unsubscribe link is not valid.</p>"


class UnsubscribeEndpoint:
    def __init__(self, secret: str) -> None:
        self.secret = secret

    async def handle(self, request: Request) -> Response:
        token = str(request.path_params["token"])
        what = verify(self.secret, token)
        if what is None:
            return HTMLResponse(PAGE.format(content=UNKNOWN), status_code=404)
        if request.method == "GET":
            action = escape(f"/unsubscribe/{token}", quote=True)
            return HTMLResponse(PAGE.format(content=CONFIRM.format(action=action)))
        client = request.client
        found = await campaign_actions.unsubscribe(
            what.campaign_id,
            what.contact_id,
            what.channel,
            client.host if client else None,
            request.headers.get("user-agent"),
        )
        if not found:
            return HTMLResponse(PAGE.format(content=UNKNOWN), status_code=404)
        return HTMLResponse(PAGE.format(content=DONE))
