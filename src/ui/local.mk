# ui: draws; never touches a socket.
noinst_LIBRARIES += libui.a
libui_a_SOURCES = \
	src/ui/ui.h
