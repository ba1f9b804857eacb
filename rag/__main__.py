from rag.cli import main

# Guarded: the multi-process encoding pool starts its workers by importing this module again.
if __name__ == "__main__":
    main()
