"""Fake virt driver of the sparkdeck sandbox (loaded as nova.virt.sparkdeck_fake).

nova's FakeDriver with two fixes the test bed needs:
- snapshot() uploads image data (a small empty qcow2), so createImage ends `active`
  instead of leaving the image `queued` forever;
- the fake guests survive a nova-compute restart: FakeDriver keeps them in memory
  only, and nova would stop every server it no longer finds on the hypervisor;
- get_console_output() returns the SSH test host's console log (hosts/hostlib.py
  writes it: boot lines, cloud-init's host key fingerprint block, "finished"), so
  `openstack console log show` reads what a real serial console would show.
"""

import base64
import os
import re
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
# User data holding this line makes spawn() fail (for tests of a builder in ERROR).
FAIL_SPAWN_MARKER = 'sparkdeck-sandbox: fail-spawn'
LOG = logging.getLogger(__name__)

# Virtual size of the uploaded snapshot: at most the smallest flavor's disk, or nova
# refuses to boot the snapshot on it.
SNAPSHOT_VIRTUAL_SIZE = '1G'
# At most this much of the end of a console log is returned, like libvirt's 100 KB.
CONSOLE_TAIL_BYTES = 100 * 1024


def _sandbox_state():
    """The sandbox's state directory, where hosts/hostlib.py keeps the test hosts.

    nova-compute is started without SPARKDECK_SANDBOX_STATE, but nova.conf's state_path
    is <state>/openstack/nova (openstack/etc/nova.conf), which says where it is.
    """
    env = os.environ.get('SPARKDECK_SANDBOX_STATE')
    if env:
        return env
    sp = os.path.normpath(CONF.state_path)
    if (os.path.basename(sp) == 'nova' and
            os.path.basename(os.path.dirname(sp)) == 'openstack'):
        return os.path.dirname(os.path.dirname(sp))
    return '/var/lib/sparkdeck-sandbox'


def _console_log_path(instance_uuid):
    # The same name as hostlib.host_dir(): <state>/hosts/<server id>/console.log.
    name = re.sub(r'[^A-Za-z0-9_.-]', '_', instance_uuid)
    return os.path.join(_sandbox_state(), 'hosts', name, 'console.log')


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

    def spawn(self, context, instance, image_meta, injected_files, admin_password, allocations,
              network_info=None, block_device_info=None, power_on=True, accel_info=None):
        # A test hook: user data asking for it makes the boot fail like a broken hypervisor would,
        # so the server ends in ERROR with this fault (BuildAbortException: no reschedule).
        user_data = instance.user_data or ''
        try:
            user_data = base64.b64decode(user_data).decode('utf-8', 'replace')
        except (ValueError, TypeError):
            pass
        if FAIL_SPAWN_MARKER in user_data:
            raise exception.BuildAbortException(
                instance_uuid=instance.uuid,
                reason='sandbox: the hypervisor refused to boot this guest (test hook)')
        return super().spawn(context, instance, image_meta, injected_files, admin_password,
                             allocations, network_info=network_info,
                             block_device_info=block_device_info, power_on=power_on,
                             accel_info=accel_info)

    def get_console_output(self, context, instance):
        """The last CONSOLE_TAIL_BYTES of the test host's console log, as bytes.

        nova-compute runs as root, like the host reconciler that writes the file
        (its directory is 0700 root): no permission to arrange.
        """
        path = _console_log_path(instance.uuid)
        try:
            with open(path, 'rb') as f:
                size = f.seek(0, os.SEEK_END)
                f.seek(max(0, size - CONSOLE_TAIL_BYTES))
                data = f.read(CONSOLE_TAIL_BYTES)
        except FileNotFoundError:
            return ('sandbox: server %s has no console output yet\n'
                    % instance.uuid).encode()
        except OSError as e:
            LOG.warning('cannot read the console log %s: %s', path, e)
            return ('sandbox: the console log of server %s cannot be read\n'
                    % instance.uuid).encode()
        if size > CONSOLE_TAIL_BYTES and b'\n' in data:
            # Start at a whole line, as a tail does.
            data = data[data.index(b'\n') + 1:]
        return data

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
