from dangwu.cli.app import main

main()
