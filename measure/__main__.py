import sys

from measure.harness import main

sys.exit(main())
