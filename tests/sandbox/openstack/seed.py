#!/usr/bin/python3
"""Seeds the sandbox cloud; idempotent: finds before it creates.

  seed.py services   service project and users, catalog (right after keystone is up)
  seed.py tenants    projects, users, quotas, flavors, image, external network

Runs as `sandbox-admin` from the clouds.yaml named by OS_CLIENT_CONFIG_FILE.
Settings come from the environment (set by `up` from lib/common.sh).
"""

import os
import subprocess
import sys

import openstack

ENV = os.environ
HOST = ENV['SB_HOST']
REGION = ENV['SB_OS_REGION']
PASSWORD = ENV['SB_OS_PASSWORD']
DATA = ENV['SB_OS_DATA']

# (service name, type, port, path)
SERVICES = [
    ('glance', 'image', ENV['SB_PORT_GLANCE'], ''),
    ('placement', 'placement', ENV['SB_PORT_PLACEMENT'], ''),
    ('nova', 'compute', ENV['SB_PORT_NOVA'], '/v2.1'),
    ('neutron', 'network', ENV['SB_PORT_NEUTRON'], ''),
]
SERVICE_USERS = ['glance', 'placement', 'nova', 'neutron']

TENANTS = [('builders', 'builders-user'), ('training', 'training-user')]
TENANT_ROLES = ['member', 'reader']

# (name, id, vcpus, ram MB, disk GB)
FLAVORS = [
    ('m1.tiny', '1', 1, 512, 1),
    ('m1.small', '2', 1, 2048, 20),
    ('m1.medium', '3', 2, 4096, 40),
]
IMAGE = 'debian-12-base'

# Room for 25 servers (and their networks) per project, with margin.
COMPUTE_QUOTAS = dict(instances=50, cores=200, ram=50 * 8192, key_pairs=100,
                      server_groups=50, server_group_members=100)
NETWORK_QUOTAS = dict(network=50, subnet=50, port=500, router=20,
                      floatingip=50, security_group=100,
                      security_group_rule=1000)


def project(conn, name):
    found = conn.identity.find_project(name, domain_id='default')
    return found or conn.identity.create_project(name=name, domain_id='default')


def user(conn, name, proj):
    found = conn.identity.find_user(name, domain_id='default')
    return found or conn.identity.create_user(
        name=name, password=PASSWORD, domain_id='default',
        default_project_id=proj.id)


def grant(conn, proj, usr, role_name):
    role = conn.identity.find_role(role_name) or \
        conn.identity.create_role(name=role_name)
    conn.identity.assign_project_role_to_user(proj, usr, role)


def seed_services(conn):
    service = project(conn, 'service')
    for name in SERVICE_USERS:
        grant(conn, service, user(conn, name, service), 'admin')
        grant(conn, service, user(conn, name, service), 'service')
    for name, stype, port, path in SERVICES:
        svc = conn.identity.find_service(name) or \
            conn.identity.create_service(name=name, type=stype)
        have = {e.interface for e in conn.identity.endpoints(service_id=svc.id)}
        for interface in ('public', 'internal', 'admin'):
            if interface not in have:
                conn.identity.create_endpoint(
                    service_id=svc.id, interface=interface, region_id=REGION,
                    url='http://%s:%s%s' % (HOST, port, path))


def seed_flavors(conn):
    for name, fid, vcpus, ram, disk in FLAVORS:
        if not conn.compute.find_flavor(name, ignore_missing=True):
            conn.compute.create_flavor(name=name, id=fid, vcpus=vcpus, ram=ram,
                                       disk=disk, is_public=True)


def seed_image(conn):
    if conn.image.find_image(IMAGE):
        return
    path = os.path.join(DATA, 'images', IMAGE + '.qcow2')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if not os.path.exists(path):
        # An empty 1 GiB qcow2: real image data of a few hundred kB.
        subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', path, '1G'],
                       check=True)
    conn.create_image(IMAGE, filename=path, disk_format='qcow2',
                      container_format='bare', visibility='public',
                      wait=True, timeout=120)


def seed_external_network(conn):
    net = conn.network.find_network('public')
    if not net:
        net = conn.network.create_network(
            name='public', is_router_external=True, is_shared=False,
            provider_network_type='flat', provider_physical_network='public')
    if not conn.network.find_subnet('public-subnet', network_id=net.id):
        conn.network.create_subnet(
            name='public-subnet', network_id=net.id, ip_version=4,
            cidr=ENV['SB_EXT_CIDR'], gateway_ip=ENV['SB_EXT_GW'],
            allocation_pools=[{'start': ENV['SB_EXT_POOL_START'],
                               'end': ENV['SB_EXT_POOL_END']}],
            is_dhcp_enabled=False)


def seed_tenants(conn):
    for proj_name, user_name in TENANTS:
        proj = project(conn, proj_name)
        usr = user(conn, user_name, proj)
        for role in TENANT_ROLES:
            grant(conn, proj, usr, role)
        conn.set_compute_quotas(proj.id, **COMPUTE_QUOTAS)
        conn.set_network_quotas(proj.id, **NETWORK_QUOTAS)
    seed_flavors(conn)
    seed_image(conn)
    seed_external_network(conn)


def main(phase):
    conn = openstack.connect(cloud='sandbox-admin')
    {'services': seed_services, 'tenants': seed_tenants}[phase](conn)


if __name__ == '__main__':
    main(sys.argv[1])
