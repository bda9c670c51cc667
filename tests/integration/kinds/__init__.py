"""Each registered kind's own integration suite: test_<folder>.py (tests/integration/CMakeLists.txt
registers every one that exists)."""
