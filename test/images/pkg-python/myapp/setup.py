from setuptools import setup
setup(name="myapp", version="0.3.1", packages=["myapp"], install_requires=["mylib>=1.0"])
