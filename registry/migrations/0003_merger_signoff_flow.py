"""The merger's signatures become tasks of a MergerFlow process (registry.merger_flow). A merger
still waiting for a signature gets its process as if it had been started when it was staged:
the first sign-off open, or, once signed, the first done by its officer and the second open.
A merger already live keeps none: its hand-over ended before the flow existed."""
import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

FLOW = "registry/merger_flow.MergerFlow"
PERMISSION = "registry.sign_off_schememerger"


def start_processes(apps, schema_editor):
    SchemeMerger = apps.get_model("registry", "SchemeMerger")
    Process = apps.get_model("viewflow", "Process")
    Task = apps.get_model("viewflow", "Task")
    now = timezone.now()
    for merger in SchemeMerger.objects.filter(state__in=("staged", "signed_once"),
                                              process__isnull=True):
        process = Process.objects.create(flow_class=FLOW, status="NEW", created=now)
        previous = Task.objects.create(
            process=process, flow_task=f"{FLOW}.start", flow_task_type="START", status="DONE",
            created=merger.created_at, started=merger.created_at, finished=merger.created_at,
            owner_id=merger.created_by_id)
        if merger.state == "signed_once":
            signed = Task.objects.create(
                process=process, flow_task=f"{FLOW}.first_sign", flow_task_type="HUMAN",
                status="DONE", created=merger.created_at, assigned=merger.first_signed_at,
                started=merger.first_signed_at, finished=merger.first_signed_at,
                owner_id=merger.first_signed_by_id, owner_permission=PERMISSION)
            signed.previous.add(previous)
            previous = signed
        step = "second_sign" if merger.state == "signed_once" else "first_sign"
        waiting = Task.objects.create(
            process=process, flow_task=f"{FLOW}.{step}", flow_task_type="HUMAN", status="NEW",
            created=now, owner_permission=PERMISSION)
        waiting.previous.add(previous)
        merger.process = process
        merger.save(update_fields=["process"])


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0002_scheme_merger'),
        ('viewflow', '0015_task_scheduled'),
    ]

    operations = [
        migrations.CreateModel(
            name='MergerProcess',
            fields=[
            ],
            options={
                'verbose_name': 'scheme merger sign-off process',
                'verbose_name_plural': 'scheme merger sign-off processes',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('viewflow.process',),
        ),
        migrations.AddField(
            model_name='schememerger',
            name='process',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='scheme_merger', to='viewflow.process', verbose_name='process'),
        ),
        migrations.RunPython(start_processes, migrations.RunPython.noop),
    ]
