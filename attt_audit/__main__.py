from attt_audit.cli import main

raise SystemExit(main())
