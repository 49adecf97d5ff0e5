"""What the main screen shows instead of its panes while the store is empty."""

FIRST_RUN = """\
Welcome to whalewatch.

This store is empty. To start watching a platform:

  • add a status page, a feed or an endpoint to probe:
      whalewatch source add https://www.githubstatus.com --platform GitHub
      whalewatch source add --preset x
    or press  s  here to open the Sources screen;
  • add an event to the timeline: press  a , or
      whalewatch event add --date 2023-03-06 --title "API outage" --category outage
  • or look around the bundled demo first:
      whalewatch --demo

Press ? for every key, q to quit."""
