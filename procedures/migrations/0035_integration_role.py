from django.db import migrations

# The role Tích hợp (procedures.roles.Role.INTEGRATION): the province's integration platform.
INTEGRATION_GROUP = "integration"


def create_integration_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=INTEGRATION_GROUP)


def remove_integration_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=INTEGRATION_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("procedures", "0034_decision_line_to_check")]
    operations = [migrations.RunPython(create_integration_group, remove_integration_group)]
