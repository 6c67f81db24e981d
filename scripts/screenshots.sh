#!/usr/bin/env bash
# Takes the documentation's screenshots from the real system (docs/images/*.png): starts the AppHost in local mode
# with its dashboard, makes a restaurant rename and a poisoned event, and photographs in Debian's Chromium, through the
# dashboard tests' Playwright harness, the resources page, the rename's trace, a Where-is answer and the dead-letter
# list (Tests/SystemTests/Documentation/DocumentationScreenshots.cs), and the Graph view (GraphScreenshot.cs: graph-after.png;
# graph-before.png is kept as it was before issue 33) (each picture is taken only once the page shows
# what its caption says). Look at every image before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-local-infrastructure.sh --test-browser
dotnet build Tests/SystemTests -c Release -nologo -clp:ErrorsOnly
FOODDELIVERY_SCREENSHOTS="$PWD/docs/images" dotnet test Tests/SystemTests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~DocumentationScreenshots|FullyQualifiedName~GraphScreenshot"
ls -l docs/images/*.png
