"""A Datasette instance over a built database, driven through Datasette's own client."""
import asyncio

from datasette.app import Datasette

from diplofacts.site import SETTINGS


class Site:
    def __init__(self, db_path):
        self.loop = asyncio.new_event_loop()
        self.ds = Datasette(immutables=[str(db_path)], settings=SETTINGS)
        self.loop.run_until_complete(self.ds.invoke_startup())

    def get(self, path: str):
        return self.loop.run_until_complete(self.ds.client.get(path))

    def json(self, path: str):
        response = self.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        return response.json()

    def close(self):
        self.loop.close()
