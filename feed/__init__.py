"""Provides cutline's timing-data core, with no UI: nothing here imports Textual or Rich.

The plan, in floors from the bottom up; a floor imports only the floors beneath it (a test
holds the order). `model` is the wire model and the one fold: the messages, `RaceState` and
`apply`, and the errors. `rules` holds the points and playoff formats as data. `standings`
reads a state against the rules: projected points, the cut line, eligibility, places needed.
`views` derives what the screens show from a state (the frame and its fold, the cut line's
history, measured pit stops and rejoin estimates, gaps, alerts, the text and JSON boards).
`streams` is how states reach a view: the `Source` protocol, live feeds, the broadcast delay.
`playback` reads and writes recordings and plays them (player, timeline, keyframes, the
recorder tee). `builder` turns real race data into a recording. `transport` carries a feed
over websockets (server, client, and their parts that do no I/O). `sources` adapts other feeds
into messages: `sources.nascar` is NASCAR's public feeds, from HTTP to the mirror.
"""
