"""The attachment's file follows core.models.Attachment: one upload-path function and
the private storage for every kind of file. Only the migration state changes (where new
files go is the same folder as before, and the storage the same MEDIA_ROOT/private): no
table is rebuilt and no row or stored file name changes."""

import coalition.core.files
import coalition.core.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_text_limits"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="evidence",
                    name="file",
                    field=models.FileField(
                        max_length=200,
                        storage=coalition.core.files.private_storage,
                        upload_to=coalition.core.models.attachment_path,
                        verbose_name="file",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
