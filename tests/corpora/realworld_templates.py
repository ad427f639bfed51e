"""Made-up outlets and their house styles for the real-world-looking test corpora (data only, no logic)."""
from __future__ import annotations

KINDS = ("dateline", "byline", "share_bar", "newsletter", "footer", "edition_footer", "editor_note")

# Invented names: none is a real outlet. The first ones carry the boilerplate styles below; the coordinated
# corpus needs up to 19 (1 source, 6 coordinated, 6 independent, 6 background) and uses the rest as well.
OUTLET_NAMES = (
    ("The Harbour Herald", "HHN"), ("Northgate Daily", "Northgate"), ("Metro Wire Today", "MWT"),
    ("The Lakeside Courier", "LSC"), ("Valley Post-Gazette", "VPG"), ("Eastbridge Observer", "EBO"),
    ("The Sentinel Review", "TSR"), ("Coastline News Agency", "CNA-X"), ("Redfern Evening Star", "RES"),
    ("The Ashford Ledger", "ASL"), ("Pinecrest Tribune", "PCT"), ("Silverton Chronicle", "SVC"),
    ("The Meridian Dispatch", "TMD"), ("Granite City Record", "GCR"), ("Westmoor Bulletin", "WMB"),
    ("The Copperfield Times", "CFT"), ("Bayview Messenger", "BVM"), ("Old Quarter Gazette", "OQG"),
    ("Highland Morning Post", "HMP"), ("The Riverside Examiner", "TRE"), ("Kingsway Weekly", "KWW"),
)

CITIES = (
    "Lisbon", "Karachi", "Nairobi", "Oslo", "Lima", "Manila", "Cairo", "Warsaw", "Hanoi", "Bogota",
    "Accra", "Dublin", "Seoul", "Athens", "Tbilisi", "Quito", "Dhaka", "Riga", "Tunis", "Perth",
)
REPORTERS = (
    "Anna Kowalski", "Tom Reyes", "Priya Raman", "Jonas Weber", "Leila Haddad", "Marco Bianchi",
    "Grace Mensah", "Ivan Petrov", "Sofia Lindqvist", "Daniel Okafor", "Mei Tanaka", "Carlos Duarte",
)

# One style per outlet: a template (or None: the outlet has no such kind) and where it goes.
# Placeholders: {outlet} {abbr} {CITY} {City} {month} {day} {weekday} {year} {time} {authors}
# {initials} {credits} {edition} {page} {reason}. Placements: top, bottom, middle (between paragraphs), inline.
STYLES = (
    {  # The Harbour Herald: wire-agency style, short dateline and short footer
        "dateline": ("{CITY}, {month} {day} /{abbr}/ — ", "inline"),
        "byline": ("By {authors} ({credits})", "top"),
        "share_bar": ("Share this article: Facebook Twitter WhatsApp Email", "middle"),
        "newsletter": ("Sign up for our morning briefing: the five stories you need before breakfast, "
                       "read by our editors and delivered to your inbox at 6am every weekday. It is free, "
                       "and you can unsubscribe at any time from the link at the bottom of every email.", "bottom"),
        "footer": ("Source: {abbr} news agency", "bottom"),
        "edition_footer": None,
        "editor_note": ("Editor's note: this story was updated on {month} {day} to {reason}.", "top"),
    },
    {  # Northgate Daily: newspaper style with a print edition
        "dateline": ("{CITY} ({abbr}) - ", "inline"),
        "byline": ("{authors} | Northgate Daily staff, with {credits}", "top"),
        "share_bar": ("Send Facebook Twitter reddit Print", "top"),
        "newsletter": None,
        "footer": ("© {year} Northgate Media Group. All rights reserved.", "bottom"),
        "edition_footer": ("This article appeared in the print edition of Northgate Daily {edition} on "
                           "{weekday}, {day} {month} {year}.", "bottom"),
        "editor_note": None,
    },
    {  # Metro Wire Today: time-stamped dateline, initials credit at the bottom
        "dateline": ("{weekday} {day} {month} {year}, {time} GMT | ", "inline"),
        "byline": ("{initials} ({credits})", "bottom"),
        "share_bar": None,
        "newsletter": ("Get Metro Wire Today in your inbox. Our evening newsletter rounds up the day's "
                       "politics, business and sport in ten minutes of reading, with the pictures of the day "
                       "and a puzzle. Subscribe now.", "middle"),
        "footer": ("Metro Wire Today", "bottom"),
        "edition_footer": None,
        "editor_note": ("Correction: an earlier version of this article said {reason}.", "bottom"),
    },
    {  # The Lakeside Courier: magazine style, no dateline
        "dateline": None,
        "byline": ("Staff and agencies", "bottom"),
        "share_bar": ("Share: Facebook · X · Copy link", "bottom"),
        "newsletter": ("The Lakeside Courier's weekend letter: long reads, culture and the week's best "
                       "writing, chosen by our editors and sent on Saturday mornings. Join more than 80,000 "
                       "readers who start their weekend with it.", "bottom"),
        "footer": None,
        "edition_footer": ("A version of this article appears in print in the Lakeside Courier {edition}, "
                           "page {page}.", "bottom"),
        "editor_note": None,
    },
    {  # Valley Post-Gazette: regional paper
        "dateline": ("{City}, {month} {day} ({credits}) — ", "inline"),
        "byline": ("Reporting by {authors}; editing by the Valley Post-Gazette desk", "bottom"),
        "share_bar": ("Email Facebook Twitter LinkedIn Pinterest WhatsApp", "middle"),
        "newsletter": None,
        "footer": ("Copyright {year} Valley Post-Gazette Ltd. This material may not be published, broadcast, "
                   "rewritten or redistributed without permission.", "bottom"),
        "edition_footer": None,
        "editor_note": None,
    },
    {  # Eastbridge Observer: online-only, agency credit in the footer
        "dateline": ("{City}, {month} {day} — ", "inline"),
        "byline": ("By {authors}, Eastbridge Observer", "top"),
        "share_bar": None,
        "newsletter": ("Never miss a story: follow the Eastbridge Observer on social media and get our "
                       "breaking-news alerts on your phone. Download the free app today.", "middle"),
        "footer": ("With reporting from {credits}.", "bottom"),
        "edition_footer": ("Published in the Eastbridge Observer {edition} digital edition.", "bottom"),
        "editor_note": ("Editor's note: this article has been amended to {reason}.", "bottom"),
    },
    {  # The Sentinel Review
        "dateline": ("{CITY}, {day} {month} ({abbr}) – ", "inline"),
        "byline": ("{authors} / {credits}", "top"),
        "share_bar": ("Tweet Share Email Save", "middle"),
        "newsletter": None,
        "footer": ("Read more at sentinelreview.example", "bottom"),
        "edition_footer": None,
        "editor_note": None,
    },
    {  # Coastline News Agency
        "dateline": ("{CITY}, {month} {day}. /{abbr}/. ", "inline"),
        "byline": None,
        "share_bar": None,
        "newsletter": ("Subscribe to the Coastline News Agency daily digest and receive our top headlines, "
                       "market moves and weather every morning before 7am.", "bottom"),
        "footer": ("Source: Coastline News Agency", "bottom"),
        "edition_footer": None,
        "editor_note": None,
    },
    {  # Redfern Evening Star
        "dateline": None,
        "byline": ("Words: {authors}. Additional reporting: {credits}", "bottom"),
        "share_bar": ("Like Share Comment", "top"),
        "newsletter": None,
        "footer": ("© Redfern Evening Star {year}", "bottom"),
        "edition_footer": ("From the Redfern Evening Star {edition}, {weekday} {day} {month}.", "bottom"),
        "editor_note": None,
    },
)

CREDITS = (  # per-outlet list of agencies its stories credit (a story credits one to four of them)
    ("AFP", "Reuters"), ("PA", "Reuters", "AP"), ("AFP", "AP", "dpa", "Reuters"), ("AP", "Reuters"),
    ("AP", "Reuters"), ("AFP", "Reuters", "EFE"), ("Reuters", "ANSA"), ("TASS", "Xinhua"), ("PA", "AFP"),
)
EDITIONS = ("Weekend", "Monday", "Sunday", "Saturday", "City")
REASONS = (
    "correct the spelling of a name", "add a response from the company", "clarify a figure in the fourth paragraph",
    "reflect later developments", "correct the date of the meeting", "remove a quotation attributed in error",
)
EDIT_WORDS = ("reportedly", "however", "also", "now", "still", "meanwhile")

# House vocabulary per outlet (same order as STYLES), planted with `house_vocabulary=True`: a section kicker on top
# (drawn at random, whatever the story is about) and one or two house-style sentences after body paragraphs.
# Their words belong to one outlet only, as an outlet's name, section names and pet phrases do.
HOUSE = (
    {"sections": ("Harbour Herald | Dockside", "Harbour Herald | Quayside Money", "Harbour Herald | Tideline",
                  "Harbour Herald | Anchor Weekend"),
     "phrases": ("Herald readers can follow the latest on our Dockside live page.",
                 "As the Herald has long argued, the tideline of public opinion turns slowly.",
                 "Tell the Herald's Quayside desk what you think.")},
    {"sections": ("Northgate Daily > Gatehouse", "Northgate Daily > Northgate Pulse", "Northgate Daily > Crossbar",
                  "Northgate Daily > Ledgerline"),
     "phrases": ("Northgate Pulse subscribers heard it here first.",
                 "Our Gatehouse team will keep Northgate readers informed.",
                 "Join the Ledgerline conversation in the comments below.")},
    {"sections": ("MWT // Wirefeed", "MWT // Metroscope", "MWT // Citybeat", "MWT // Nightdesk"),
     "phrases": ("Metroscope will update this story as it develops.",
                 "Send your tips to the Nightdesk at Metro Wire Today.",
                 "This Citybeat briefing is part of our Wirefeed coverage.")},
    {"sections": ("Lakeside Courier · Shoreline", "Lakeside Courier · Lakeview", "Lakeside Courier · Driftwood",
                  "Lakeside Courier · Boathouse"),
     "phrases": ("Read more Shoreline essays in the Lakeside Courier's Driftwood archive.",
                 "The Boathouse podcast discusses this story on Friday.",
                 "Lakeview members can comment below.")},
    {"sections": ("VPG / Valleywide", "VPG / Hillcountry", "VPG / Millstream", "VPG / Orchard"),
     "phrases": ("Valleywide readers can share their views in our Millstream forum.",
                 "The Post-Gazette's Hillcountry team contributed to this report.",
                 "Find more Orchard stories on the Post-Gazette app.")},
    {"sections": ("Eastbridge Observer – Spanlight", "Eastbridge Observer – Keystone", "Eastbridge Observer – Causeway",
                  "Eastbridge Observer – Riverbank"),
     "phrases": ("Keystone analysis by the Observer's Spanlight desk.",
                 "Eastbridge readers can explore more in our Causeway series.",
                 "Follow Riverbank for the Observer's daily explainers.")},
    {"sections": ("Sentinel Review : Watchtower", "Sentinel Review : Lookout", "Sentinel Review : Rampart",
                  "Sentinel Review : Beacon"),
     "phrases": ("The Sentinel's Watchtower unit verified this account.",
                 "Lookout subscribers get the Sentinel Review's Rampart newsletter free.",
                 "Read the Beacon column for the Sentinel's view.")},
    {"sections": ("CNA-X Seaboard", "CNA-X Tidewater", "CNA-X Breakwater", "CNA-X Saltmarsh"),
     "phrases": ("Coastline's Seaboard service distributed this report.",
                 "Tidewater clients of Coastline News Agency may republish with credit.",
                 "Breakwater editors at Coastline checked this story.")},
    {"sections": ("Evening Star – Starlight", "Evening Star – Nightfall", "Evening Star – Lamplighter",
                  "Evening Star – Twilight"),
     "phrases": ("Starlight readers can catch the Redfern Evening Star's Twilight podcast.",
                 "The Lamplighter team at Redfern contributed reporting.",
                 "Nightfall, the Evening Star's late edition, carries more.")},
)
