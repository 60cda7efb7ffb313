"""Fake virt driver of the sparkdeck sandbox (loaded as nova.virt.sparkdeck_fake).

nova's FakeDriver with two fixes the test bed needs:
- snapshot() uploads image data (a small empty qcow2), so createImage ends `active`
  instead of leaving the image `queued` forever;
- the fake guests survive a nova-compute restart: FakeDriver keeps them in memory
  only, and nova would stop every server it no longer finds on the hypervisor.
"""

import os
import subprocess
import tempfile

from oslo_log import log as logging

import nova.conf
from nova.compute import power_state
from nova.compute import task_states
from nova import context as nova_context
from nova import exception
from nova.image import glance
from nova import objects
from nova.virt import fake

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# Virtual size of the uploaded snapshot: at most the smallest flavor's disk, or nova
# refuses to boot the snapshot on it.
SNAPSHOT_VIRTUAL_SIZE = '1G'


class SnapshotFakeDriver(fake.FakeDriver):
    # Room for 2 projects x 25 servers of m1.medium (2 vcpus, 4 GB, 40 GB) and more.
    vcpus = 1000
    memory_mb = 1024 * 1024
    local_gb = 100000

    def __init__(self, virtapi, read_only=False):
        super().__init__(virtapi, read_only)
        self._image_api = glance.API()

    def init_host(self, host):
        super().init_host(host)
        try:
            self._adopt_instances(host)
        except Exception:
            LOG.exception('could not re-adopt the instances of host %s', host)

    def _adopt_instances(self, host):
        ctx = nova_context.get_admin_context()
        for inst in objects.InstanceList.get_by_host(
                ctx, host, expected_attrs=['flavor']):
            state = inst.power_state
            if state not in (power_state.RUNNING, power_state.SHUTDOWN,
                             power_state.PAUSED, power_state.SUSPENDED):
                state = power_state.RUNNING
            self.instances[inst.uuid] = fake.FakeInstance(
                inst.name, state, inst.uuid)
            self.resources.claim(vcpus=inst.flavor.vcpus,
                                 mem=inst.flavor.memory_mb,
                                 disk=inst.flavor.root_gb)

    def snapshot(self, context, instance, image_id, update_task_state):
        if instance.uuid not in self.instances:
            raise exception.InstanceNotRunning(instance_id=instance.uuid)
        snap = self._image_api.get(context, image_id)
        update_task_state(task_state=task_states.IMAGE_PENDING_UPLOAD)
        update_task_state(task_state=task_states.IMAGE_UPLOADING,
                          expected_state=task_states.IMAGE_PENDING_UPLOAD)
        metadata = {
            'name': snap['name'],
            'disk_format': 'qcow2',
            'container_format': 'bare',
            'properties': {'image_location': 'snapshot',
                           'image_state': 'available',
                           'owner_id': instance.project_id},
        }
        os.makedirs(CONF.instances_path, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=CONF.instances_path) as tmp:
            path = os.path.join(tmp, 'disk.qcow2')
            subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', path,
                            SNAPSHOT_VIRTUAL_SIZE], check=True)
            with open(path, 'rb') as data:
                # purge_props=False keeps the properties nova-api set on the
                # snapshot record (image_type, instance_uuid, base_image_ref...).
                self._image_api.update(context, image_id, metadata, data,
                                       purge_props=False)
