"""ML2 mechanism driver of the sparkdeck sandbox.

The sandbox runs neutron-server without any L2 agent, and ML2's stock mechanism
drivers refuse to bind a port with no live agent (the server boot then fails with a
binding error). This driver binds every port to its first segment, as an OVS port
that is up at once; nothing is plugged anywhere.
"""

from neutron_lib import constants
from neutron_lib.plugins.ml2 import api


class SandboxMechanismDriver(api.MechanismDriver):

    def initialize(self):
        pass

    def bind_port(self, context):
        for segment in context.segments_to_bind:
            context.set_binding(segment[api.ID], 'ovs',
                                {'port_filter': True, 'ovs_hybrid_plug': False},
                                status=constants.PORT_STATUS_ACTIVE)
            return
